"""The calendar feeds, read by a real iCalendar parser (python's icalendar from PyPI).

Signs in as demo people through the login form, takes their feed addresses from the account page
and a read token for the API, then checks each feed: it parses; every line fits in 75 octets; every
TZID has its VTIMEZONE; each VEVENT matches its meeting in the API (UTC start and end, title, status,
sequence, place, attendees' roles and attendance) and each VTODO its action item (due, status); a
series across a daylight-saving change keeps its wall time; the feed survives a round trip through
the parser; and a partner's feeds hold nothing the partner may not read."""
import datetime
import http.cookiejar
import json
import os
import re
import sys
import urllib.parse
import urllib.request

from icalendar import Calendar

BASE_URL = os.environ.get("ENLACE_BASE_URL", "http://127.0.0.1:8080")
PASSWORDS = {
    "coordinator": "demo coordinator passphrase 2026",
    "contributor": "demo contributor passphrase 2026",
    "partner": "demo partner passphrase 2026",
}
ROLES = {"chair": "CHAIR", "required": "REQ-PARTICIPANT", "optional": "OPT-PARTICIPANT"}
PARTSTAT = {"invited": "NEEDS-ACTION", "present": "ACCEPTED", "absent": "DECLINED", "excused": "DECLINED"}
TODO_STATUS = {"open": "NEEDS-ACTION", "done": "COMPLETED", "cancelled": "CANCELLED"}
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


class Person:
    """A signed-in demo person: a browser-like session, their feed addresses and an API token."""

    def __init__(self, role):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.get("/login")
        self.post("/login", {"_csrf": csrf(page), "email": f"{role}@demo.enlace.example", "password": PASSWORDS[role]})
        account = self.get("/account")
        self.feed = value(account, "my-feed")
        self.organization_feed = value(account, "organization-feed")
        created = self.post(
            "/account/tokens", {"_csrf": csrf(account), "name": "ical test", "scope": "read", "current": PASSWORDS[role]}
        )
        self.token = re.search(r'<code id="new-token">([^<]+)</code>', created).group(1)

    def get(self, path):
        with self.opener.open(BASE_URL + path) as response:
            return response.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(urllib.request.Request(BASE_URL + path, data=data)) as response:
            return response.read().decode()

    def api(self, path):
        request = urllib.request.Request(BASE_URL + path, headers={"Authorization": "Bearer " + self.token})
        try:
            with urllib.request.urlopen(request) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            return {"status": error.code}


def csrf(page):
    return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)


def value(page, element):
    return re.search(rf'id="{element}"[^>]*value="([^"]+)"', page).group(1).replace("&amp;", "&")


def fetch(url):
    with urllib.request.urlopen(url) as response:
        check(response.headers["Content-Type"].startswith("text/calendar"), f"{url} is text/calendar")
        return response.read()


def utc(value):
    return value.astimezone(datetime.timezone.utc)


def parse_utc(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)


def check_feed(person, url, label):
    raw = fetch(url)
    lines = raw.split(b"\r\n")
    check(all(len(line) <= 75 for line in lines), f"{label}: every physical line fits in 75 octets")
    check(raw.endswith(b"END:VCALENDAR\r\n"), f"{label}: ends with END:VCALENDAR and CRLF")
    calendar = Calendar.from_ical(raw)
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    events = calendar.walk("VEVENT")
    todos = calendar.walk("VTODO")
    for event in events:
        uid = str(event["UID"])
        meeting = person.api("/api/v1/meetings/" + uid.split("@")[0])
        check("id" in meeting, f"{label}: {uid} is a meeting the owner may read")
        if "id" not in meeting:
            continue
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        check(str(event["DTSTART"].params.get("TZID")) in zones, f"{label}: {uid} has its VTIMEZONE")
        check(utc(start) == parse_utc(meeting["startsAt"]), f"{label}: {uid} starts when the API says")
        check(utc(end) == parse_utc(meeting["endsAt"]), f"{label}: {uid} ends when the API says")
        check(str(event["SUMMARY"]) == meeting["title"], f"{label}: {uid} summary round-trips")
        check(int(event["SEQUENCE"]) == meeting["sequence"], f"{label}: {uid} sequence")
        expected_status = "CANCELLED" if meeting["status"] == "cancelled" else "CONFIRMED"
        check(str(event["STATUS"]) == expected_status, f"{label}: {uid} status")
        place = meeting["venue"] or meeting["virtualLink"]
        check((str(event.get("LOCATION")) if event.get("LOCATION") else None) == place, f"{label}: {uid} location")
        check(str(event["URL"]).endswith("/meetings/" + meeting["id"]), f"{label}: {uid} links to its page")
        attendees = event.get("ATTENDEE")
        attendees = attendees if isinstance(attendees, list) else [attendees] if attendees else []
        check(len(attendees) == len(meeting["participants"]), f"{label}: {uid} has every participant")
        for attendee, participant in zip(attendees, meeting["participants"]):
            check(attendee.params["ROLE"] == ROLES[participant["role"]], f"{label}: {uid} attendee role")
            check(attendee.params["PARTSTAT"] == PARTSTAT[participant["attendance"]], f"{label}: {uid} partstat")
            if participant["person"]:
                check(str(attendee).lower() == "mailto:" + participant["person"], f"{label}: {uid} person address")
        check(event.get("ORGANIZER") is not None, f"{label}: {uid} has an organizer")
    for todo in todos:
        uid = str(todo["UID"])
        item = person.api("/api/v1/action-items/" + uid.split("@")[0])
        check("id" in item, f"{label}: {uid} is an action item the owner may read")
        if "id" in item:
            check(todo["DUE"].dt.isoformat() == item["due"], f"{label}: {uid} due date")
            check(str(todo["STATUS"]) == TODO_STATUS[item["status"]], f"{label}: {uid} status")
            check(str(todo["SUMMARY"]) == item["text"], f"{label}: {uid} text round-trips")
    again = Calendar.from_ical(calendar.to_ical())
    check([str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events], f"{label}: round trip")
    check([utc(e["DTSTART"].dt) for e in again.walk("VEVENT")] == [utc(e["DTSTART"].dt) for e in events],
          f"{label}: round trip keeps the instants")
    print(f"{label}: {len(events)} events, {len(todos)} to-dos, zones {sorted(zones)}")
    return events, todos


def main():
    coordinator = Person("coordinator")
    events, todos = check_feed(coordinator, coordinator.organization_feed, "US organisation feed")
    check(events and todos, "the US organisation feed has meetings and action items")
    mine, my_todos = check_feed(coordinator, coordinator.feed, "coordinator's own feed")
    check(mine and my_todos, "the coordinator's own feed has the meetings naming them and their actions")

    series = coordinator.api("/api/v1/meeting-series")["items"]
    for item in series:
        events, _ = check_feed(coordinator, item["feedUrl"], item["name"])
        if item["timeZone"] == "Europe/Madrid":
            hours = {event["DTSTART"].dt.hour for event in events}
            offsets = {event["DTSTART"].dt.utcoffset() for event in events}
            check(hours == {16}, f"Madrid series keeps 16:00 local: {hours}")
            check(len(offsets) == 2, f"Madrid series crosses a DST change: {offsets}")

    partner = Person("partner")
    visible = {item["id"] for item in partner.api("/api/v1/meetings?limit=200")["items"]}
    for url, label in [(partner.feed, "partner's own feed"), (partner.organization_feed, "Honduras feed")]:
        events, todos = check_feed(partner, url, label)
        check({str(e["UID"]).split("@")[0] for e in events} <= visible, f"{label}: only meetings the partner may see")
    secret = [
        item for item in series
        if item["releasability"]["marking"] == "restricted" and "HN" not in item["releasability"]["releasableTo"]
    ]
    check(bool(secret), "a series is restricted away from Honduras")
    for item in secret:
        check(partner.api("/api/v1/meeting-series/" + item["id"]).get("status") == 404,
              "the partner may not read the restricted series")

    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("ical: all checks passed")


if __name__ == "__main__":
    main()
