"""Reads Enlace's GeoJSON export with the `geojson` package, as a map client would.

Usage: ENLACE_BASE_URL=http://127.0.0.1:PORT python3 Tests/interchange/check_geojson.py
Fetches GET /api/v1/activities.geojson anonymously and checks that `geojson` finds a valid FeatureCollection,
that each feature's geometry is valid (or null), with longitude and latitude in range, and that it holds
exactly as many features as the API's list counts for the same reader.
"""

import json
import os
import sys
import urllib.request

import geojson

base = os.environ.get("ENLACE_BASE_URL", "http://127.0.0.1:8080")
with urllib.request.urlopen(base + "/api/v1/activities.geojson") as response:
    media_type = response.headers.get("Content-Type")
    collection = geojson.loads(response.read().decode("utf-8"))
with urllib.request.urlopen(base + "/api/v1/activities?limit=1") as response:
    total = json.load(response)["total"]

problems = []
if media_type != "application/geo+json":
    problems.append(f"media type {media_type}")
if not isinstance(collection, geojson.FeatureCollection) or not collection.is_valid:
    problems.append(f"not a valid FeatureCollection: {getattr(collection, 'errors', lambda: '?')()}")
features = collection.get("features", [])
if len(features) != total:
    problems.append(f"{len(features)} features, but the API counts {total} activities")
kinds = {}
for feature in features:
    geometry = feature.get("geometry")
    if geometry is None:
        kinds["none"] = kinds.get("none", 0) + 1
        continue
    if not geometry.is_valid:
        problems.append(f"feature {feature.get('id')}: {geometry.errors()}")
        break
    points = [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
    if any(not (-180 <= lon <= 180 and -90 <= lat <= 90) for lon, lat in points):
        problems.append(f"feature {feature.get('id')}: a point off the globe {points}")
        break
    kinds[geometry["type"]] = kinds.get(geometry["type"], 0) + 1
if problems:
    print("geojson: " + "; ".join(problems))
    sys.exit(1)
print(f"geojson read {len(features)} features: {kinds}")
