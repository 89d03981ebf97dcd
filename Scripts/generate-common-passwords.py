#!/usr/bin/env python3
"""Regenerates Sources/EnlaceStore/Resources/reference/common-passwords.txt from Django's list.

Django (BSD-3-Clause) ships the 20,000 most common passwords compiled by Royce Williams; Enlace
refuses any of them, whatever their length (NIST SP 800-63B §5.1.1.2).
Usage: pip download django --no-deps -d /tmp/django && python3 Scripts/generate-common-passwords.py /tmp/django/*.whl
"""
import gzip
import pathlib
import sys
import zipfile

OUT = pathlib.Path(__file__).resolve().parent.parent / "Sources/EnlaceStore/Resources/reference/common-passwords.txt"

wheel = zipfile.ZipFile(sys.argv[1])
name = next(n for n in wheel.namelist() if n.endswith("common-passwords.txt.gz"))
words = sorted({line.strip().lower() for line in gzip.decompress(wheel.read(name)).decode("utf-8").splitlines() if line.strip()})
OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
print(f"{OUT}: {len(words)} passwords")
