#!/usr/bin/env python3
"""Crash safety (issue 18): writes from several clients, `kill -9` of the server at a random moment, a restart, and
the checks that every acknowledged write is there unchanged, that an unacknowledged one is there whole or not at
all, that the audit chain verifies, that a full overlap pass changes nothing and (SQLite) that the file is intact.

    Tests/crash/crash_test.py --trials 5                                  # on SQLite, in a temporary folder
    Tests/crash/crash_test.py --trials 5 --database-url postgres://…/db   # on an empty PostgreSQL database

Every client mixes the kinds of write: activities created (POST, with a funding transaction) and edited (PATCH
with If-Match), each with its overlap check; meetings created in a series the coordinator chairs; overlap decisions
(PATCH with If-Match, each client on an overlap of its own); and a member's position in an open consultation round
(PUT, the first client only, since a member has one position a round). ENLACE_BIN (default .build/debug/enlace).
"""
import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

BIN = os.environ.get("ENLACE_BIN", ".build/debug/enlace")
CLIENTS = 6


class Server:
    def __init__(self, args, folder, port):
        self.args, self.folder, self.port = args, folder, port
        self.process = None

    def start(self, name):
        log = open(os.path.join(self.folder, name + ".log"), "w")
        self.process = subprocess.Popen(
            [BIN, "serve", *self.args, "--port", str(self.port), "--metrics-address", "off"],
            stdout=log, stderr=subprocess.STDOUT)
        # A start loads every activity; on two busy cores (CI beside a build) that has taken over a minute.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None:
                sys.exit(f"the server ended: see {log.name}")
            time.sleep(0.1)
        sys.exit("the server did not become ready")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def call(port, token, method, path, body=None, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Accept", "application/json")
    if body is not None:
        request.add_header("Content-Type", "application/merge-patch+json" if method == "PATCH" else "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, json.loads(response.read() or b"null")


def activity(title):
    return {"title": title, "description": "Written under the crash test.", "language": "en",
            "providers": [{"organization": "US", "role": "funding"}], "recipientCountries": ["HN"],
            "keyAreas": ["narco-trafficking"], "topics": [], "kind": "course", "modality": "in-country",
            "plannedStart": "2027-03-01", "plannedEnd": "2027-03-12", "status": 1,
            "transactions": [{"type": 2, "date": "2027-03-01", "value": {"amount": "1000", "currency": "USD"},
                              "description": title}]}


class Targets:
    """What the writes other than activities go to, found once in the demo: a meeting series the coordinator
    chairs, overlaps the coordinator may decide (one a client), and a consultation round open to the coordinator's
    government."""

    def __init__(self, port, token):
        _, _, series = call(port, token, "GET", "/api/v1/meeting-series?limit=100")
        self.series = next(item["id"] for item in series["items"] if "US" in item["chairs"])
        _, _, overlaps = call(port, token, "GET", "/api/v1/overlaps?limit=100")
        self.overlaps = [item["id"] for item in overlaps["items"]
                         if any(a["owner"] == "US" or a["owner"].startswith("US-") for a in item["activities"])]
        if len(self.overlaps) < CLIENTS:
            sys.exit(f"the demo has {len(self.overlaps)} overlaps the coordinator may decide; {CLIENTS} are needed")
        _, _, proposals = call(port, token, "GET", "/api/v1/proposals?limit=100")
        self.round = None
        for proposal in proposals["items"]:
            if proposal["status"] != "in-consultation":
                continue
            _, _, rounds = call(port, token, "GET", f"/api/v1/proposals/{proposal['id']}/rounds")
            open_rounds = [r for r in rounds["items"] if r["open"] and "US" in r["invited"]]
            if open_rounds:
                self.round = f"/api/v1/proposals/{proposal['id']}/rounds/{open_rounds[0]['number']}/positions"
                break
        if not self.round:
            sys.exit("the demo has no consultation round open to the coordinator's government")


class Client(threading.Thread):
    """Writes, one request at a time, keeping what the server acknowledged (by kind and record: the text it wrote
    last) and the one request it may not have answered."""

    def __init__(self, number, trial, port, token, stop, targets):
        super().__init__(daemon=True)
        self.number, self.trial, self.port, self.token, self.stop = number, trial, port, token, stop
        self.targets = targets
        self.acknowledged = {}  # (kind, id) -> the text the server acknowledged last
        self.in_flight = None  # (kind, id or None, text) of the request sent and not answered
        self.etags = {}
        self.counts = {}
        self.refused = []

    def next_write(self, title):
        """The next request: (kind, id, method, path, body, headers)."""
        activities = [key for kind, key in self.acknowledged if kind == "activity"]
        roll = random.random()
        if roll < 0.35 or not activities:
            return "activity", None, "POST", "/api/v1/activities", activity(title), {}
        if roll < 0.55:
            target = random.choice(activities)
            return ("activity", target, "PATCH", f"/api/v1/activities/{target}", {"title": title},
                    {"If-Match": self.etags[target]})
        if roll < 0.70:
            return ("meeting", None, "POST", "/api/v1/meetings",
                    {"series": self.targets.series, "title": title, "start": "2027-05-03T10:00",
                     "end": "2027-05-03T12:00"}, {})
        if self.number != 0:
            target = self.targets.overlaps[self.number]
            _, headers, _ = call(self.port, self.token, "GET", f"/api/v1/overlaps/{target}")
            return ("overlap", target, "PATCH", f"/api/v1/overlaps/{target}",
                    {"status": "complementary", "reason": title}, {"If-Match": headers["ETag"]})
        return ("position", self.targets.round, "PUT", self.targets.round + "/US",
                {"stance": "support-with-amendments", "comments": {"general": title}}, {})

    def run(self):
        count = 0
        while not self.stop.is_set():
            count += 1
            title = f"Crash trial {self.trial} client {self.number} write {count}"
            kind = path = None
            try:
                kind, target, method, path, body, headers = self.next_write(title)
                self.in_flight = (kind, target, title)
                status, headers, answer = call(self.port, self.token, method, path, body, headers)
            except urllib.error.HTTPError as error:
                # An answer, but a refusal: the write is not acknowledged, and the trial reports it.
                self.refused.append(f"{kind or 'a read'} {path or ''}: {error.code} {error.read()[:200]!r}")
                self.in_flight = None
                continue
            except (OSError, urllib.error.URLError):
                return  # the server is gone: this request stays in flight
            key = target or answer["id"]
            self.acknowledged[(kind, key)] = title
            if kind == "activity" and target is None:
                self.acknowledged[("transaction", key)] = title
            if kind == "activity":
                self.etags[key] = headers["ETag"]
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self.in_flight = None


def stored_text(port, token, kind, key):
    """The text a write of `kind` left on record `key`, as the server reads it now."""
    if kind == "position":
        _, _, positions = call(port, token, "GET", key)
        return next((p["comments"].get("general") for p in positions["items"] if p["member"] == "US"), None)
    path = {"activity": "/api/v1/activities/", "transaction": "/api/v1/activities/", "meeting": "/api/v1/meetings/",
            "overlap": "/api/v1/overlaps/"}[kind] + key
    _, _, record = call(port, token, "GET", path)
    if kind == "transaction":
        return next((t.get("description") for t in record.get("transactions") or []), None)
    return record["reason"] if kind == "overlap" else record["title"]


def matching(port, token, title):
    """The activities titled `title`, every page of the search for it (the API reads a `+` as itself: a space is
    sent as `%20`)."""
    found, cursor = [], None
    while True:
        query = {"q": title, "limit": 100, **({"cursor": cursor} if cursor else {})}
        _, _, page = call(port, token, "GET", "/api/v1/activities?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote))
        found += [item for item in page["items"] if item["title"] == title]
        cursor = page.get("nextCursor")
        if not cursor:
            return found


def token_for(args):
    return subprocess.run([BIN, "token", "create", *args, "--email", "coordinator@demo.enlace.example",
                           "--scope", "read-write"], check=True, capture_output=True, text=True).stdout.strip()


def trial(number, args, folder, port, sqlite_file):
    server = Server(args, folder, port)
    server.start(f"trial-{number}")
    token = token_for(args)
    targets = Targets(port, token)
    stop = threading.Event()
    clients = [Client(i, number, port, token, stop, targets) for i in range(CLIENTS)]
    for client in clients:
        client.start()
    time.sleep(random.uniform(0.5, 3.0))
    if os.environ.get("ENLACE_CRASH_CONTROL"):
        # The control: the clients stop, and then the server, in good order.
        stop.set()
        for client in clients:
            client.join()
        server.stop()
    else:
        server.kill()
        stop.set()
        for client in clients:
            client.join()
    acknowledged = sum(sum(c.counts.values()) for c in clients)
    kinds = {}
    for client in clients:
        for kind, count in client.counts.items():
            kinds[kind] = kinds.get(kind, 0) + count
    server.start(f"trial-{number}-restart")
    problems = [f"client {c.number} was refused: {refusal}" for c in clients for refusal in c.refused]
    in_flight_found = 0
    for client in clients:
        pending = client.in_flight
        for (kind, key), title in client.acknowledged.items():
            try:
                text = stored_text(port, token, kind, key)
            except urllib.error.HTTPError as error:
                problems.append(f"acknowledged {kind} {key} answers {error.code}")
                continue
            allowed = {title} | ({pending[2]} if pending and pending[0] == kind and pending[1] == key else set())
            if text not in allowed:
                problems.append(f"acknowledged {kind} {key}: {text!r}, expected {title!r}")
        if pending and pending[0] == "activity" and pending[1] is None:
            title = pending[2]
            for item in matching(port, token, title):
                in_flight_found += 1
                _, _, whole = call(port, token, "GET", f"/api/v1/activities/{item['id']}")
                expected = activity(title)
                for field in ("description", "recipientCountries", "keyAreas", "plannedStart", "providers"):
                    if whole.get(field) != expected[field]:
                        problems.append(f"unacknowledged {item['id']} is half there: {field} {whole.get(field)!r}")
                if [t.get("description") for t in whole.get("transactions") or []] != [title]:
                    problems.append(f"unacknowledged {item['id']} is half there: its transaction is missing")
    server.stop()
    verify = subprocess.run([BIN, "audit", "verify", *args], capture_output=True, text=True)
    if verify.returncode != 0:
        problems.append("audit verify: " + verify.stdout.strip())
    scan = subprocess.run([BIN, "overlaps", "scan", *args], capture_output=True, text=True)
    if scan.returncode != 0 or " 0 new, 0 changed " not in scan.stdout:
        problems.append("the full overlap pass changed something: " + scan.stdout.strip() + scan.stderr.strip())
    if sqlite_file:
        check = sqlite3.connect(sqlite_file).execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            problems.append("integrity_check: " + check)
    print(f"trial {number}: killed after {acknowledged} acknowledged writes "
          f"({', '.join(f'{kind} {count}' for kind, count in sorted(kinds.items()))}); "
          f"{sum(1 for c in clients if c.in_flight)} in flight, {in_flight_found} of them stored whole; "
          + ("ok" if not problems else "PROBLEMS"), flush=True)
    for problem in problems:
        print("   " + problem)
    return not problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--database-url")
    parser.add_argument("--port", type=int, default=18197)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    options = parser.parse_args()
    random.seed(options.seed)
    folder = tempfile.mkdtemp(prefix="enlace-crash-")
    args = ["--secret-file", os.path.join(folder, "secret.key")]
    args += ["--database-url", options.database_url] if options.database_url else ["--data-dir", os.path.join(folder, "data")]
    sqlite_file = None if options.database_url else os.path.join(folder, "data", "enlace.sqlite")
    subprocess.run([BIN, "demo", *args, "--activities", "300"], check=True, capture_output=True)
    engine = "PostgreSQL" if options.database_url else "SQLite"
    print(f"== crash trials on {engine} (seed {options.seed}, {CLIENTS} clients, logs in {folder})", flush=True)
    passed = sum(trial(n, args, folder, options.port, sqlite_file) for n in range(1, options.trials + 1))
    print(f"== {engine}: {passed} of {options.trials} crash trials passed")
    sys.exit(0 if passed == options.trials else 1)


if __name__ == "__main__":
    main()
