#!/usr/bin/env python3
"""Two Enlace instances on one database behind nginx (issue 18): a person signed in through one instance keeps
working through the other; a write through one is read through the other within a second.

Environment: ENLACE_BASE_URL (the proxy), ENLACE_INSTANCE_A and ENLACE_INSTANCE_B (each instance, directly),
ENLACE_TOKEN (a read-write API token of the demo coordinator).
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "browser"))
from browser import chromium, sign_in  # noqa: E402
import browser  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402

PROXY = os.environ["ENLACE_BASE_URL"]
A = os.environ["ENLACE_INSTANCE_A"]
B = os.environ["ENLACE_INSTANCE_B"]
TOKEN = os.environ["ENLACE_TOKEN"]


def call(method, url, body=None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None)
    request.add_header("Authorization", f"Bearer {TOKEN}")
    request.add_header("Accept", "application/json")
    if body:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def write_through_one_read_through_other():
    body = {
        "title": "Port security course written through one instance", "description": "Two instances, one record.",
        "language": "en", "providers": [{"organization": "US", "role": "funding"}], "recipientCountries": ["HN"],
        "keyAreas": ["narco-trafficking"], "topics": [], "kind": "course", "modality": "in-country",
        "plannedStart": "2027-03-01", "plannedEnd": "2027-03-12", "status": 1,
    }
    for writer, reader in ((A, B), (B, A)):
        status, created = call("POST", writer + "/api/v1/activities", body)
        assert status == 201, f"the write through {writer} answered {status}: {created}"
        written = time.monotonic()
        while True:
            status, _ = call("GET", f"{reader}/api/v1/activities/{created['id']}")
            elapsed = time.monotonic() - written
            if status == 200:
                break
            assert elapsed < 1, f"{reader} did not read the activity written through {writer} within 1 s ({status})"
            time.sleep(0.05)
        print(f"written through {writer}, read through {reader} after {elapsed * 1000:.0f} ms")


def signed_in_through_one_working_through_other():
    driver = chromium()
    try:
        browser.BASE_URL = A
        sign_in(driver, "coordinator")
        # Cookies belong to the host, not the port: the other instance gets the same session cookie.
        driver.get(B + "/activities")
        assert driver.find_elements(By.ID, "sign-out"), "the other instance does not know the session"
        driver.get(PROXY + "/activities")
        assert driver.find_elements(By.ID, "sign-out"), "the proxy does not carry the session"
        print("signed in through one instance, still signed in on the other and through the proxy")
    finally:
        driver.quit()


if __name__ == "__main__":
    write_through_one_read_through_other()
    signed_in_through_one_working_through_other()
