"""Writes Sources/EnlaceStore/Resources/reference/country-centroids.json: one point per country, for maps
and for the GeoJSON export of activities that have no location of their own.

Source: Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com), as shipped inside the
`geopandas` 0.14 wheel on PyPI (geopandas/datasets/naturalearth_lowres), read with `pyshp`:

    pip download geopandas==0.14.4 --no-deps -d /tmp/gpd
    unzip -o /tmp/gpd/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/naturalearth_lowres/*' -d /tmp/gpd/x
    pip install pyshp
    python3 Scripts/country-centroids.py /tmp/gpd/x/geopandas/datasets/naturalearth_lowres/naturalearth_lowres

The point of a country is the area-weighted centroid of its largest polygon (so that France's lies in
France, not between it and French Guiana), rounded to 0.01°. Countries too small for the 1:110m set (many
Caribbean island states among them) have no point.
"""

import json
import os
import sys

import shapefile

# Natural Earth leaves the ISO code of a few countries empty (-99); they are named here.
BY_NAME = {"France": "FRA", "Norway": "NOR"}


def ring_area_centroid(points):
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, points[0]
    return area, (cx / (6 * area), cy / (6 * area))


def main(shapes_path):
    root = os.path.join(os.path.dirname(__file__), "..")
    reference = os.path.join(root, "Sources/EnlaceStore/Resources/reference")
    with open(os.path.join(reference, "countries.json"), encoding="utf-8") as file:
        alpha2 = {country["alpha3"]: country["code"] for country in json.load(file)}
    reader = shapefile.Reader(shapes_path)
    names = [field[0] for field in reader.fields[1:]]
    points = {}
    for shape_record in reader.iterShapeRecords():
        record = dict(zip(names, shape_record.record))
        code3 = record["iso_a3"] if record["iso_a3"] != "-99" else BY_NAME.get(record["name"])
        if code3 not in alpha2:
            continue
        shape = shape_record.shape
        parts = list(shape.parts) + [len(shape.points)]
        rings = [shape.points[start:end] for start, end in zip(parts, parts[1:])]
        # The largest ring by area is the country's main body (holes are small and wind the other way).
        area, (lon, lat) = max((ring_area_centroid(ring) for ring in rings), key=lambda pair: abs(pair[0]))
        points[alpha2[code3]] = {"lat": round(lat, 2), "lon": round(lon, 2)}
    output = {
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), as in the geopandas 0.14 wheel on "
        "PyPI; the area-weighted centroid of each country's largest polygon. Made by Scripts/country-centroids.py.",
        "centroids": dict(sorted(points.items())),
    }
    with open(os.path.join(reference, "country-centroids.json"), "w", encoding="utf-8") as file:
        json.dump(output, file, indent=1, ensure_ascii=False)
        file.write("\n")
    print(f"{len(points)} countries with a point")


if __name__ == "__main__":
    main(sys.argv[1])
