"""Reads Enlace's activity spreadsheet with libhxl, as a humanitarian data tool would.

Usage: ENLACE_BASE_URL=http://127.0.0.1:PORT python3 Tests/interchange/check_hxl.py
Fetches GET /api/v1/activities.csv anonymously, reads it with libhxl (hxl.data), and checks that the hashtag
row is found, that the expected hashtags are there, that every row has an id and a country code, and that
the file holds exactly as many activities as the API's list counts for the same reader.
"""

import json
import os
import sys
import tempfile
import urllib.request

import hxl

base = os.environ.get("ENLACE_BASE_URL", "http://127.0.0.1:8080")
with urllib.request.urlopen(base + "/api/v1/activities.csv") as response:
    body = response.read()
with urllib.request.urlopen(base + "/api/v1/activities?limit=1") as response:
    total = json.load(response)["total"]

with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as file:
    file.write(body)
    path = file.name

source = hxl.data(path, hxl.InputOptions(allow_local=True))
tags = [column.display_tag for column in source.columns]
found = {(column.tag, frozenset(column.attributes)) for column in source.columns}
expected = ["#activity+code", "#activity+name", "#country+code+list", "#sector+code+list", "#date+start+planned",
            "#org+funder+code+list", "#value+budget", "#geo+lat"]
def parts(tag):
    name, *attributes = tag.split("+")
    return (name, frozenset(attributes))
missing = [tag for tag in expected if parts(tag) not in found]
rows = list(source)
problems = []
if missing:
    problems.append(f"hashtags missing: {missing} (found {tags})")
if len(rows) != total:
    problems.append(f"{len(rows)} rows, but the API counts {total} activities")
for row in rows:
    if not row.get("#activity+code") or not row.get("#country+code"):
        problems.append(f"a row without an id or a country: {row.values[:3]}")
        break
countries = {code for row in rows for code in (row.get("#country+code") or "").split(";")}
os.unlink(path)
if problems:
    print("libhxl: " + "; ".join(problems))
    sys.exit(1)
print(f"libhxl read {len(rows)} activities in {len(tags)} tagged columns, {len(countries)} recipient countries")
