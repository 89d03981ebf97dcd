"""Pages everyone can use, checked in Chromium on every main page, signed out and as each demo role:

- axe-core (PyPI's axe-selenium-python) finds no serious or critical violation;
- at 375 px wide (a phone, with the page's viewport), the page itself does not scroll sideways: wide tables scroll
  inside their own box;
- the skip link is the first thing the keyboard reaches, and it leads to the content.

Screenshots of each page at 1280 and 375 px, as the administrator and signed out, go to screenshots/a11y-*.png.
"""
import pathlib
import re
import sys
from urllib.parse import urlparse

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import BASE_URL, SCREENSHOTS, chromium, sign_in, sign_out

PHONE_WIDTH = 375
# A path's kind: its segments, with those that name a record (anything but these words) as {id}.
WORDS = {"new", "edit", "history", "funding", "results", "fora", "contacts", "diff", "rounds", "positions",
         "spawned", "planning", "notices", "details", "mine", "links", "users", "organizations", "invitations",
         "audit", "sessions", "tokens", "second-factor", "imports", "vetting"}
# Not pages, or pages that change something on a GET (the language), or leave the site's pages.
SKIPPED = re.compile(r"^/(logout|language/|api/|static/|metrics)|\.(csv|ics|xml|json|geojson|svg|png)$")
MAX_KINDS = 60


def kind(path):
    segments = path.strip("/").split("/")
    return "/" + "/".join(s if i == 0 or s in WORDS else "{id}" for i, s in enumerate(segments))


def links(driver, selector):
    found = []
    for a in driver.find_elements(By.CSS_SELECTOR, selector):
        target = urlparse(a.get_attribute("href") or "")
        if (target.scheme in ("http", "https") and target.netloc == urlparse(BASE_URL).netloc and not target.query
                and target.path.startswith("/") and not SKIPPED.search(target.path)):
            found.append(target.path)
    return found


def crawl(driver, known, visit):
    """Calls `visit` on the pages the reader's navigation offers, then, breadth first, on the first page of each
    kind they link to that no earlier reader was shown (`known`: kinds already checked)."""
    driver.get(BASE_URL + "/")
    queue = list(dict.fromkeys(links(driver, ".site-nav a, .account-nav a")))
    kinds = set()
    while queue and len(kinds) < MAX_KINDS:
        path = queue.pop(0)
        if kind(path) in kinds:
            continue
        kinds.add(kind(path))
        driver.get(BASE_URL + path)
        queue += [t for t in links(driver, "main a[href]") if kind(t) not in kinds and kind(t) not in known]
        visit(path)
    known.update(kinds)
    return len(kinds)


def axe_script():
    """axe-core 4, as PyPI's axe-playwright-python ships it (axe-selenium-python's own copy is 3.1, from 2018, and
    does not know later HTML, such as `autocomplete="one-time-code"`); axe-selenium-python runs it."""
    import axe_playwright_python
    return str(pathlib.Path(axe_playwright_python.__file__).parent / "axe.min.js")


def serious_violations(driver):
    axe = Axe(driver, script_url=axe_script())
    axe.inject()
    results = axe.run()
    return [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]


def describe(violation):
    nodes = "; ".join(" ".join(n["target"]) if isinstance(n["target"][0], str) else str(n["target"])
                      for n in violation["nodes"][:3])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} — {nodes}"


def phone(driver, on):
    if on:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": PHONE_WIDTH, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    else:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def page_width(driver):
    return driver.execute_script("return document.documentElement.scrollWidth")


def too_wide(driver):
    """The elements that stick out of the page on the right, outside any box that scrolls by itself."""
    return driver.execute_script("""
        const limit = document.documentElement.clientWidth;
        const inScroller = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
            const s = getComputedStyle(p); if (s.overflowX === 'auto' || s.overflowX === 'scroll') return true; }
            return false; };
        const out = [];
        for (const e of document.body.querySelectorAll('*')) {
            const r = e.getBoundingClientRect();
            if (r.right > limit + 1 && r.width > 0 && !inScroller(e)) {
                out.push(e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
                         + ' ' + Math.round(r.right) + 'px');
            }
        }
        return out.slice(0, 5);
    """)


def shoot(driver, name, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600})
    height = min(max(driver.execute_script("return document.documentElement.scrollHeight"), 800), 4000)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.save_screenshot(str(SCREENSHOTS / f"a11y-{name}-{width}.png"))


def check_skip_link(driver, failures, who):
    driver.get(BASE_URL + "/")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    if "skip-link" not in (focused.get_attribute("class") or ""):
        failures.append(f"{who}: the first Tab reaches {focused.tag_name}, not the skip link")
        return
    if not focused.is_displayed():
        failures.append(f"{who}: the skip link is not shown when it has the focus")
    focused.send_keys(Keys.ENTER)
    if not driver.execute_script("return location.hash") == "#main":
        failures.append(f"{who}: the skip link does not lead to #main")


def check(driver, who, failures, shots, known):
    check_skip_link(driver, failures, who)

    def visit(path):
        for violation in serious_violations(driver):
            failures.append(f"{who} {path}: {describe(violation)}")
        phone(driver, True)
        driver.get(BASE_URL + path)
        width = page_width(driver)
        if width > PHONE_WIDTH:
            failures.append(f"{who} {path}: {width} px wide at {PHONE_WIDTH} px ({', '.join(too_wide(driver))})")
        if shots:
            name = who + (kind(path).strip("/").replace("/", "-").replace("{id}", "record") or "home")
            shoot(driver, name, PHONE_WIDTH)
            shoot(driver, name, 1280)
        phone(driver, False)

    return crawl(driver, known, visit)


def main():
    driver = chromium()
    failures, checked = [], 0
    try:
        checked += check(driver, "signed-out-", failures, shots=True, known=set())
        # Each role: every page its navigation offers, and the kinds of pages no role before it was shown.
        known = set()
        for role in ["admin", "secretariat", "coordinator", "contributor", "partner", "viewer"]:
            sign_in(driver, role)
            checked += check(driver, role + "-", failures, shots=role == "admin", known=known)
            sign_out(driver)
    finally:
        driver.quit()
    for failure in failures:
        print("FAIL", failure)
    print(f"accessibility: {checked} page views, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
