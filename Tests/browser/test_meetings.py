"""Coordination meetings in a real browser.

A coordinator sets up a series whose weekly rhythm crosses a daylight-saving change and checks the
wall time holds; a bad rhythm comes back with its message. At a meeting they add an agenda item, write
hostile Markdown minutes (preview, then save: nothing runs), record a decision and an overdue action,
which their "my actions" page flags. A chair of the maritime track accepts an open overlap suggested
for the next meeting's agenda. The briefing pack prints to PDF with a page per section. A partner who
may not see a restricted meeting gets "not found"; the calendar shows the month's meetings."""
import base64
import re
import sys
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import BASE_URL, chromium, follow, screenshot, sign_in, sign_out, submit

HOSTILE = """# Minutes of the test meeting

<script>window.__pwned = 1</script>
<img src=x onerror="window.__pwned = 2">
[click me](javascript:window.__pwned=3) and [site](https://example.org)
**Agreed**: the *joint course* goes ahead.

- first point
- second point with <b>raw</b> tags
"""


def fill(driver, name, value, form=None):
    field = driver.find_element(By.CSS_SELECTOR, f"#{form} [name={name}]") if form else driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def set_value(driver, name, value, form=None):
    scope = f"#{form} " if form else ""
    driver.execute_script(f"document.querySelector('{scope}[name={name}]').value = arguments[0];", value)


def create_series(driver, wait, rhythm):
    driver.get(BASE_URL + "/meeting-series/new")
    fill(driver, "name", "Browser test series across DST")
    Select(driver.find_element(By.NAME, "level")).select_by_value("technical")
    driver.find_element(By.CSS_SELECTOR, "input[name=keyAreas][value=narco-trafficking]").click()
    Select(driver.find_element(By.NAME, "chairs")).select_by_value("US")
    members = Select(driver.find_element(By.NAME, "members"))
    members.select_by_value("CO")
    members.select_by_value("HN")
    fill(driver, "timeZone", "America/New_York")
    set_value(driver, "firstDate", "2027-03-01")
    set_value(driver, "startTime", "10:00")
    fill(driver, "rhythm", rhythm)
    driver.find_element(By.ID, "save-series").click()


def main():
    driver = chromium()
    wait = WebDriverWait(driver, 20)
    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)
            print("FAIL:", message)

    try:
        sign_in(driver, "coordinator")

        # A rhythm Enlace cannot follow comes back on the form with its reason.
        create_series(driver, wait, "FREQ=YEARLY;BYMONTH=3")
        wait.until(EC.presence_of_element_located((By.ID, "error-summary")))
        check("YEARLY" in driver.find_element(By.ID, "error-summary").text, "the rhythm error names the problem")
        screenshot(driver, "meetings-01-series-error")

        # Weekly on Tuesdays from 2 March 2027: New York moves to summer time on 14 March.
        fill(driver, "rhythm", "FREQ=WEEKLY;BYDAY=TU;COUNT=4")
        driver.find_element(By.ID, "save-series").click()
        wait.until(EC.url_contains("saved=1"))
        upcoming = [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#upcoming li")]
        check(len(upcoming) == 4, f"four meetings are scheduled: {upcoming}")
        check(all("10:00" in line for line in upcoming), f"every meeting starts at 10:00 local: {upcoming}")
        check(any("March 9" in line or "9 March" in line for line in upcoming), "9 March (before the change)")
        check(any("March 16" in line or "16 March" in line for line in upcoming), "16 March (after the change)")
        series_feed = driver.find_element(By.ID, "series-feed").get_attribute("value")
        series_url = driver.current_url.split("?")[0]
        screenshot(driver, "meetings-02-series")
        with urllib.request.urlopen(series_feed) as response:
            feed = response.read().decode()
        starts = re.findall(r"DTSTART;TZID=America/New_York:(\d{8}T\d{6})", feed)
        check(starts == ["20270302T100000", "20270309T100000", "20270316T100000", "20270323T100000"],
              f"the feed keeps 10:00 New York time across the change: {starts}")

        # The first meeting: agenda, hostile minutes, a decision and an overdue action.
        driver.find_element(By.CSS_SELECTOR, "#upcoming li a").click()
        wait.until(EC.presence_of_element_located((By.ID, "agenda-form")))
        meeting_url = driver.current_url.split("?")[0]
        fill(driver, "title", "Review of the joint maritime course", "agenda-form")
        fill(driver, "presenter", "Colombian Navy", "agenda-form")
        driver.find_element(By.CSS_SELECTOR, "#agenda-form button[type=submit]").click()
        wait.until(EC.url_contains("saved=1"))
        check("Review of the joint maritime course" in driver.find_element(By.ID, "agenda-items").text,
              "the agenda item is listed")

        driver.get(meeting_url + "/minutes")
        driver.find_element(By.NAME, "minutes").send_keys(HOSTILE)
        driver.find_element(By.ID, "preview-minutes").click()
        wait.until(EC.presence_of_element_located((By.ID, "minutes-preview")))
        driver.find_element(By.ID, "save-minutes").click()
        wait.until(EC.url_contains("tab=minutes"))
        minutes = driver.find_element(By.ID, "minutes-text")
        check(driver.execute_script("return window.__pwned === undefined"), "no script in the minutes ran")
        check(not minutes.find_elements(By.TAG_NAME, "script"), "no script element in the minutes")
        check(not minutes.find_elements(By.TAG_NAME, "img"), "no image element in the minutes")
        check("<script>window.__pwned = 1</script>" in minutes.text, "raw HTML is shown as text")
        links = [a.get_attribute("href") for a in minutes.find_elements(By.TAG_NAME, "a")]
        check(links == ["https://example.org/"], f"only the safe link is a link: {links}")
        check(minutes.find_elements(By.TAG_NAME, "strong"), "Markdown emphasis is rendered")
        screenshot(driver, "meetings-03-minutes")

        driver.get(meeting_url + "?tab=decisions")
        fill(driver, "text", "The joint course replaces the two separate courses.", "decision-form")
        driver.find_element(By.CSS_SELECTOR, "#decision-form button[type=submit]").click()
        wait.until(EC.url_contains("saved=1"))
        check("Decision 1" in driver.find_element(By.ID, "decision-list").text, "the decision is numbered 1")

        driver.get(meeting_url + "?tab=actions")
        fill(driver, "text", "Send the course outline to members", "action-form")
        Select(driver.find_element(By.NAME, "owner")).select_by_value("US")
        fill(driver, "assignee", "coordinator@demo.enlace.example", "action-form")
        set_value(driver, "due", "2026-01-15", "action-form")
        Select(driver.find_element(By.NAME, "decision")).select_by_index(1)
        driver.find_element(By.CSS_SELECTOR, "#action-form button[type=submit]").click()
        wait.until(EC.url_contains("saved=1"))
        # The chair moves this meeting an hour later and cancels the last one: calendars hear of both.
        driver.get(meeting_url)
        driver.find_element(By.CSS_SELECTOR, "#meeting-details summary").click()
        set_value(driver, "start", "2027-03-02T11:00", "details-form")
        set_value(driver, "end", "2027-03-02T12:30", "details-form")
        driver.find_element(By.ID, "save-details").click()
        wait.until(EC.url_contains("saved=1"))
        check("11:00" in driver.find_element(By.ID, "meeting-when").text, "the meeting now starts at 11:00")
        driver.get(series_url)
        driver.find_elements(By.CSS_SELECTOR, "#upcoming li a")[-1].click()
        wait.until(EC.presence_of_element_located((By.ID, "agenda-form")))
        driver.find_element(By.CSS_SELECTOR, "button[data-status=cancelled]").click()
        wait.until(EC.url_contains("saved=1"))
        check(driver.find_element(By.ID, "meeting-status").text == "Cancelled", "the last meeting is cancelled")
        with urllib.request.urlopen(series_feed) as response:
            events = response.read().decode().split("BEGIN:VEVENT")[1:]
        moved = [e for e in events if "DTSTART;TZID=America/New_York:20270302T110000" in e]
        check(len(moved) == 1 and "SEQUENCE:1" in moved[0], "the moved meeting is at 11:00 with SEQUENCE 1")
        cancelled = [e for e in events if "STATUS:CANCELLED" in e]
        check(len(cancelled) == 1 and "20270323T100000" in cancelled[0], "the cancelled meeting says so in the feed")

        driver.get(BASE_URL + "/actions/mine")
        rows = driver.find_elements(By.CSS_SELECTOR, ".action-row--overdue")
        check(any("Send the course outline" in row.text for row in rows), "the new action is flagged overdue")
        screenshot(driver, "meetings-04-my-actions")
        done = [b for b in driver.find_elements(By.CSS_SELECTOR, "button[data-action-status=done]")]
        check(bool(done), "the assignee may mark it done")
        sign_out(driver)

        # A chair of the maritime track (Colombia) answers the suggestions for the next meeting.
        sign_in(driver, "contributor")
        driver.get(BASE_URL + "/meeting-series")
        follow(driver, wait, driver.find_element(By.LINK_TEXT, "Technical working group on maritime interdiction"))
        driver.find_element(By.CSS_SELECTOR, "#upcoming li a").click()
        wait.until(EC.presence_of_element_located((By.ID, "suggestions")))
        suggestion = driver.find_element(By.CSS_SELECTOR, "#suggestions .suggestion a").text
        screenshot(driver, "meetings-05-suggestions")
        driver.find_element(By.CSS_SELECTOR, "#suggestions button[value=accept]").click()
        wait.until(EC.url_contains("saved=1"))
        check(suggestion in driver.find_element(By.ID, "agenda-items").text, "the accepted overlap is on the agenda")

        # An agenda item linked to one of the track's activities, chosen from the offered list.
        options = driver.find_elements(By.CSS_SELECTOR, "#track-activities option")
        check(bool(options), "the track's activities are offered for linking")
        if options:
            chosen, label = options[0].get_attribute("value"), options[0].get_attribute("textContent")
            fill(driver, "title", "Progress of a linked activity", "agenda-form")
            fill(driver, "activity", chosen, "agenda-form")
            # The page already says saved=1 (the accepted suggestion): wait for the new page itself.
            submit(driver, wait, "#agenda-form")
            links = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#agenda-items .agenda-item__links a")]
            check(label in links, f"the agenda item links to the chosen activity: {label}")

        # The briefing pack prints with a page per section.
        driver.find_element(By.ID, "open-brief").click()
        wait.until(EC.presence_of_element_located((By.ID, "brief-decisions")))
        screenshot(driver, "meetings-06-brief")
        pdf = base64.b64decode(driver.print_page())
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        open("Tests/browser/screenshots/meetings-brief.pdf", "wb").write(pdf)
        check(pdf.startswith(b"%PDF") and len(pdf) > 10_000, "the briefing pack prints to a PDF")
        check(6 <= pages <= 80, f"the printed pack has a page per section at least ({pages} pages)")
        print(f"briefing pack: {pages} pages, {len(pdf)} bytes")

        driver.get(BASE_URL + "/calendar")
        check(driver.find_elements(By.CSS_SELECTOR, ".month__entry"), "the calendar shows meetings this month")
        screenshot(driver, "meetings-07-calendar")
        sign_out(driver)

        # A partner may not see the restricted policy council: its meetings are not found.
        sign_in(driver, "partner")
        driver.get(BASE_URL + "/meeting-series")
        check("Policy council" not in driver.page_source, "the partner does not see the restricted series")
        driver.get(meeting_url)
        check("Browser test series" not in driver.page_source, "the partner does not see the members' meeting")
        screenshot(driver, "meetings-08-partner")
    finally:
        driver.quit()
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("meetings: all checks passed")


if __name__ == "__main__":
    main()
