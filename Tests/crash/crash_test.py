#!/usr/bin/env python3
"""Crash safety (issue 18): writes from several clients, `kill -9` of the server at a random moment, a restart, and
the checks that every acknowledged write is there unchanged, that an unacknowledged one is there whole or not at
all, that the audit chain verifies, that a full overlap pass changes nothing and (SQLite) that the file is intact.

    Tests/crash/crash_test.py --trials 5                                  # on SQLite, in a temporary folder
    Tests/crash/crash_test.py --trials 5 --database-url postgres://…/db   # on an empty PostgreSQL database

The writes are activities created (POST) and edited (PATCH with If-Match), each with its overlap check: the kinds
of write the registry takes most. ENLACE_BIN (default .build/debug/enlace).
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
        for _ in range(600):
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
            "plannedStart": "2027-03-01", "plannedEnd": "2027-03-12", "status": 1}


class Client(threading.Thread):
    """Creates activities and edits them, one request at a time, keeping what the server acknowledged and the one
    request it may not have answered."""

    def __init__(self, number, trial, port, token, stop):
        super().__init__(daemon=True)
        self.number, self.trial, self.port, self.token, self.stop = number, trial, port, token, stop
        self.acknowledged = {}  # id -> title the server acknowledged last
        self.in_flight = None  # (id or None, title) of the request sent and not answered
        self.etags = {}

    def run(self):
        count = 0
        while not self.stop.is_set():
            count += 1
            title = f"Crash trial {self.trial} client {self.number} write {count}"
            mine = list(self.acknowledged)
            edit = mine and random.random() < 0.4
            target = random.choice(mine) if edit else None
            self.in_flight = (target, title)
            try:
                if edit:
                    status, headers, body = call(self.port, self.token, "PATCH", f"/api/v1/activities/{target}",
                                                 {"title": title}, {"If-Match": self.etags[target]})
                else:
                    status, headers, body = call(self.port, self.token, "POST", "/api/v1/activities", activity(title))
            except (OSError, urllib.error.URLError):
                return  # the server is gone: this request stays in flight
            self.acknowledged[body["id"]] = title
            self.etags[body["id"]] = headers["ETag"]
            self.in_flight = None


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
    stop = threading.Event()
    clients = [Client(i, number, port, token, stop) for i in range(CLIENTS)]
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
    acknowledged = sum(len(c.acknowledged) for c in clients)
    server.start(f"trial-{number}-restart")
    problems = []
    in_flight_found = 0
    for client in clients:
        for identifier, title in client.acknowledged.items():
            try:
                _, _, body = call(port, token, "GET", f"/api/v1/activities/{identifier}")
            except urllib.error.HTTPError as error:
                problems.append(f"acknowledged {identifier} answers {error.code}")
                continue
            pending = client.in_flight
            allowed = {title} | ({pending[1]} if pending and pending[0] == identifier else set())
            if body["title"] not in allowed:
                problems.append(f"acknowledged {identifier}: title {body['title']!r}, expected {title!r}")
        if client.in_flight and client.in_flight[0] is None:
            title = client.in_flight[1]
            for item in matching(port, token, title):
                in_flight_found += 1
                _, _, whole = call(port, token, "GET", f"/api/v1/activities/{item['id']}")
                expected = activity(title)
                for field in ("description", "recipientCountries", "keyAreas", "plannedStart", "providers"):
                    if whole.get(field) != expected[field]:
                        problems.append(f"unacknowledged {item['id']} is half there: {field} {whole.get(field)!r}")
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
    print(f"trial {number}: killed after {acknowledged} acknowledged writes; "
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
