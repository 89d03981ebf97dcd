#!/usr/bin/env python3
"""Regenerates the ISO 3166-1 and ISO 4217 resource files from the pycountry package.

The files are committed; this script only exists so that they can be refreshed when ISO
publishes changes.  Usage: pip install pycountry && python3 Scripts/generate-reference-data.py
"""
import gettext
import json
import pathlib

import pycountry

OUT = pathlib.Path(__file__).resolve().parent.parent / "Sources/EnlaceStore/Resources/reference"
LANGS = ["es", "fr", "pt"]


def translators(domain):
    return {lang: gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang]) for lang in LANGS}


def names(english, tr):
    result = {"en": english}
    for lang, t in tr.items():
        result[lang] = t.gettext(english)
    return result


def countries():
    tr = translators("iso3166-1")
    rows = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        english = getattr(c, "common_name", None) or c.name
        rows.append({"code": c.alpha_2, "alpha3": c.alpha_3, "numeric": c.numeric, "names": names(english, tr)})
    return rows


def currencies():
    tr = translators("iso4217")
    return [
        {"code": c.alpha_3, "numeric": c.numeric, "names": names(c.name, tr)}
        for c in sorted(pycountry.currencies, key=lambda c: c.alpha_3)
    ]


def write(name, rows):
    path = OUT / name
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{path}: {len(rows)} entries")


if __name__ == "__main__":
    write("countries.json", countries())
    write("currencies.json", currencies())
