#!/usr/bin/env python3
"""Peer IATI importer for the `enlace bench import` benchmark.

A plain Python (lxml + sqlite3) importer that stores the same fields as the
Swift importer, so the benchmark has a fair, conventionally written baseline
to compare against. It streams an IATI 2.01-2.03 activity file with
iterparse (constant memory), upserts each activity by iati-identifier using a
content fingerprint, and runs the whole import in one transaction.

Usage: python3 Benchmarks/peers/iati_import.py FILE.xml DB.sqlite

Prints one JSON line:
  {"activities": N, "created": C, "updated": U, "unchanged": K, "seconds": S, "peak_rss_kb": R}
"""
import hashlib
import json
import resource
import sqlite3
import sys
import time
import uuid

from lxml import etree

def peak_rss_kb():
    """The peak resident set of this process (Linux VmHWM, which starts afresh at exec; getrusage's maxrss
    would count the parent that started it)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSIONS = {"2.01", "2.02", "2.03"}
BATCH = 500

SCHEMA = """
CREATE TABLE IF NOT EXISTS activities (
  id TEXT PRIMARY KEY, iati_identifier TEXT UNIQUE NOT NULL, owner TEXT,
  title TEXT, description TEXT, language TEXT, status INTEGER,
  planned_start TEXT, planned_end TEXT, actual_start TEXT, actual_end TEXT,
  currency TEXT, location_name TEXT, lat REAL, lon REAL,
  fingerprint TEXT, version INTEGER);
CREATE TABLE IF NOT EXISTS activity_providers (activity_id TEXT NOT NULL, organization TEXT, role TEXT);
CREATE TABLE IF NOT EXISTS activity_countries (activity_id TEXT NOT NULL, country TEXT);
CREATE TABLE IF NOT EXISTS activity_sectors (activity_id TEXT NOT NULL, vocabulary TEXT, code TEXT, percentage REAL);
CREATE TABLE IF NOT EXISTS budgets (activity_id TEXT NOT NULL, kind TEXT, period_start TEXT, period_end TEXT,
  amount TEXT, currency TEXT, value_date TEXT);
CREATE TABLE IF NOT EXISTS transactions (activity_id TEXT NOT NULL, type TEXT, date TEXT, amount TEXT,
  currency TEXT, provider TEXT, receiver TEXT, description TEXT);
"""

ACTIVITY_COLUMNS = ("owner", "title", "description", "language", "status", "planned_start",
                    "planned_end", "actual_start", "actual_end", "currency", "location_name", "lat", "lon")
# child table -> (parsed key, columns after activity_id)
CHILDREN = {
    "activity_providers": ("providers", ("organization", "role")),
    "activity_countries": ("countries", ("country",)),
    "activity_sectors": ("sectors", ("vocabulary", "code", "percentage")),
    "budgets": ("budgets", ("kind", "period_start", "period_end", "amount", "currency", "value_date")),
    "transactions": ("transactions", ("type", "date", "amount", "currency", "provider", "receiver", "description")),
}
DATE_TYPES = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}
INDEXES = "".join(f"CREATE INDEX IF NOT EXISTS {t}_activity ON {t}(activity_id);" for t in CHILDREN)


def text(el):
    return el.text.strip() if el is not None and el.text else None


def attr(el, name, default=None):
    return el.get(name, default) if el is not None else default


def number(value, kind=float):
    try:
        return kind(value) if value is not None else None
    except ValueError:
        return None


def narrative(el, lang):
    """First narrative whose xml:lang is absent or matches the activity language, else the first one."""
    if el is None:
        return None
    narratives = el.findall("narrative")
    for n in narratives:
        if n.get(XML_LANG) in (None, lang):
            return text(n)
    return text(narratives[0]) if narratives else None


def parse_activity(el):
    lang = el.get(XML_LANG)
    currency = el.get("default-currency")
    descriptions = el.findall("description")
    description = next((d for d in descriptions if d.get("type") == "1"), descriptions[0] if descriptions else None)
    a = {"identifier": text(el.find("iati-identifier")), "owner": attr(el.find("reporting-org"), "ref"),
         "title": narrative(el.find("title"), lang), "description": narrative(description, lang),
         "language": lang, "status": number(attr(el.find("activity-status"), "code"), int), "currency": currency,
         "location_name": None, "lat": None, "lon": None, **dict.fromkeys(DATE_TYPES.values())}
    for d in el.iterfind("activity-date"):
        key = DATE_TYPES.get(d.get("type"))
        if key:
            a[key] = d.get("iso-date")
    location = el.find("location")
    if location is not None:
        a["location_name"] = narrative(location.find("name"), lang)
        pos = (text(location.find("point/pos")) or "").split()
        if len(pos) == 2:
            a["lat"], a["lon"] = number(pos[0]), number(pos[1])
    a["providers"] = [(p.get("ref"), p.get("role")) for p in el.iterfind("participating-org")]
    a["countries"] = [(c.get("code"),) for c in el.iterfind("recipient-country")]
    a["sectors"] = [(s.get("vocabulary", "1"), s.get("code"), number(s.get("percentage")))
                    for s in el.iterfind("sector")]
    a["budgets"] = []
    for b in el.iterfind("budget"):
        value = b.find("value")
        a["budgets"].append((b.get("type"), attr(b.find("period-start"), "iso-date"),
                             attr(b.find("period-end"), "iso-date"), text(value),
                             attr(value, "currency", currency), attr(value, "value-date")))
    a["transactions"] = []
    for t in el.iterfind("transaction"):
        value = t.find("value")
        a["transactions"].append((attr(t.find("transaction-type"), "code"),
                                  attr(t.find("transaction-date"), "iso-date"), text(value),
                                  attr(value, "currency", currency), attr(t.find("provider-org"), "ref"),
                                  attr(t.find("receiver-org"), "ref"), narrative(t.find("description"), lang)))
    return a


def fingerprint(a):
    canonical = json.dumps(a, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Importer:
    def __init__(self, db):
        self.db = db
        self.existing = {ident: (aid, fp) for ident, aid, fp in
                         db.execute("SELECT iati_identifier, id, fingerprint FROM activities")}
        self.counts = {"activities": 0, "created": 0, "updated": 0, "unchanged": 0}
        self._reset()

    def _reset(self):
        self.inserts, self.updates, self.replaced, self.pending = [], [], [], set()
        self.children = {table: [] for table in CHILDREN}

    def add(self, a):
        ident = a["identifier"]
        if not ident:
            raise ValueError("activity without iati-identifier")
        self.counts["activities"] += 1
        if ident in self.pending:  # same identifier twice in one batch: keep statement order simple
            self.flush()
        fp = fingerprint(a)
        known = self.existing.get(ident)
        if known and known[1] == fp:
            self.counts["unchanged"] += 1
            return
        fields = tuple(a[c] for c in ACTIVITY_COLUMNS)
        if known:
            aid = known[0]
            self.updates.append(fields + (fp, aid))
            self.replaced.append((aid,))
            self.counts["updated"] += 1
        else:
            aid = str(uuid.uuid4())
            self.inserts.append((aid, ident) + fields + (fp,))
            self.counts["created"] += 1
        self.existing[ident] = (aid, fp)
        self.pending.add(ident)
        for table, (key, _) in CHILDREN.items():
            self.children[table].extend((aid,) + row for row in a[key])
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self):
        db = self.db
        for table in CHILDREN:
            db.executemany(f"DELETE FROM {table} WHERE activity_id = ?", self.replaced)
        columns = ", ".join(ACTIVITY_COLUMNS)
        db.executemany(f"INSERT INTO activities (id, iati_identifier, {columns}, fingerprint, version) "
                       f"VALUES ({', '.join('?' * (len(ACTIVITY_COLUMNS) + 3))}, 1)", self.inserts)
        assignments = ", ".join(f"{c} = ?" for c in ACTIVITY_COLUMNS)
        db.executemany(f"UPDATE activities SET {assignments}, fingerprint = ?, version = version + 1 "
                       f"WHERE id = ?", self.updates)
        for table, (_, cols) in CHILDREN.items():
            db.executemany(f"INSERT INTO {table} (activity_id, {', '.join(cols)}) "
                           f"VALUES ({', '.join('?' * (len(cols) + 1))})", self.children[table])
        self._reset()


def import_file(path, db):
    importer = Importer(db)
    root_checked = False
    for event, el in etree.iterparse(path, events=("start", "end"), tag=("iati-activities", "iati-activity")):
        if not root_checked:
            if event != "start" or el.tag != "iati-activities" or el.getparent() is not None:
                raise ValueError("root element is not <iati-activities>")
            if el.get("version") not in VERSIONS:
                raise ValueError(f"unsupported IATI version {el.get('version')!r}")
            root_checked = True
        elif event == "end" and el.tag == "iati-activity":
            importer.add(parse_activity(el))
            el.clear(keep_tail=False)
            while el.getprevious() is not None:
                del el.getparent()[0]
    if not root_checked:
        raise ValueError("root element is not <iati-activities>")
    importer.flush()
    return importer.counts


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: iati_import.py FILE.xml DB.sqlite")
    started = time.perf_counter()
    db = sqlite3.connect(argv[2], isolation_level=None)  # transactions managed explicitly
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA + INDEXES)
    db.execute("BEGIN")
    try:
        counts = import_file(argv[1], db)
        db.execute("COMMIT")
    except (ValueError, etree.XMLSyntaxError, OSError) as error:
        db.execute("ROLLBACK")
        sys.exit(f"import failed, nothing stored: {error}")
    seconds = time.perf_counter() - started
    db.close()
    peak_kb = peak_rss_kb()
    print(json.dumps({**counts, "seconds": round(seconds, 3), "peak_rss_kb": peak_kb}))


if __name__ == "__main__":
    main(sys.argv)
