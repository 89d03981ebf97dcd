"""Results in a real browser.

A Spanish viewer and a U.S. coordinator first read the roll-up of "officers trained in counter-narcotics
work" for Honduras. The coordinator then records a 2031 course for Honduras that only the United States
may read, and on its results page adds the agreed indicator: a bad target ("1,5") and a period that ends
before it starts come back with their messages; then the target of 30 and an actual of 28 are saved, and
an indicator of the activity's own (a percentage). The activity shows 93 % of target. The coordinator's
roll-up grows by 28; the viewer's does not move, because the course is not released to Spain. The view
reads in Spanish too."""
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import BASE_URL, chromium, screenshot, sign_in, sign_out, fill, set_value, submit

TITLE = "Browser test: counter-narcotics course for the Honduran police, 2031"
ROLLUP = "/results?by=country&country=HN&area=narco-trafficking"


def trained(driver, wait):
    """What the roll-up page says was achieved for NT-01 in Honduras, as a number (0 without a row)."""
    driver.get(BASE_URL + ROLLUP)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1")))
    rows = driver.find_elements(By.CSS_SELECTOR, "tr[data-code='NT-01']")
    if not rows:
        return 0
    cells = rows[0].find_elements(By.TAG_NAME, "td")
    assert cells[0].text == "Honduras", cells[0].text
    text = cells[6].text.replace(",", "")
    return 0 if text == "—" else int(text)


def main():
    driver = chromium()
    wait = WebDriverWait(driver, 20)
    try:
        sign_in(driver, "viewer")
        viewer_before = trained(driver, wait)
        sign_out(driver)
        sign_in(driver, "coordinator")
        coordinator_before = trained(driver, wait)
        assert coordinator_before >= viewer_before, (coordinator_before, viewer_before)

        driver.get(BASE_URL + "/activities/new")
        driver.find_element(By.NAME, "title").send_keys(TITLE)
        Select(driver.find_element(By.NAME, "language")).select_by_value("en")
        Select(driver.find_element(By.NAME, "kind")).select_by_value("course")
        Select(driver.find_element(By.NAME, "modality")).select_by_value("in-country")
        Select(driver.find_element(By.NAME, "providers[0].organization")).select_by_value("US-INL")
        Select(driver.find_element(By.NAME, "providers[0].role")).select_by_value("funding")
        Select(driver.find_element(By.NAME, "recipientCountries")).select_by_value("HN")
        driver.find_element(By.CSS_SELECTOR, "input[name=keyAreas][value=narco-trafficking]").click()
        set_value(driver, "[name=plannedStart]", "2031-03-03")
        set_value(driver, "[name=plannedEnd]", "2031-03-14")
        Select(driver.find_element(By.NAME, "status")).select_by_value("1")
        driver.find_element(By.CSS_SELECTOR, "input[name='releasability.marking'][value=restricted]").click()
        Select(driver.find_element(By.NAME, "releasability.releasableTo")).select_by_value("US")
        driver.find_element(By.CSS_SELECTOR, ".form-actions button[type=submit]").click()
        wait.until(EC.url_contains("saved=1"))
        activity_url = driver.current_url.split("?")[0]
        assert "No indicators recorded." in driver.find_element(By.ID, "results").text

        driver.find_element(By.CSS_SELECTOR, "#results a.button").click()
        wait.until(EC.url_contains("/results"))
        form = "#indicator form"
        Select(driver.find_element(By.CSS_SELECTOR, f"{form} [name=code]")).select_by_value("NT-01")
        fill(driver, form, "baseline", "0")
        fill(driver, form, "target", "1,5")
        submit(driver, wait, form)
        error = wait.until(EC.presence_of_element_located((By.ID, "field-target-error")))
        assert "1234.56" in error.text, error.text
        screenshot(driver, "results-bad-target")
        fill(driver, form, "target", "30")
        submit(driver, wait, form)
        assert "saved=1" in driver.current_url, driver.current_url

        form = "#actual form"
        set_value(driver, f"{form} [name=start]", "2031-03-14")
        set_value(driver, f"{form} [name=end]", "2031-03-03")
        fill(driver, form, "actual", "28")
        submit(driver, wait, form)
        wait.until(EC.presence_of_element_located((By.ID, "field-end-error")))
        set_value(driver, f"{form} [name=start]", "2031-03-03")
        set_value(driver, f"{form} [name=end]", "2031-03-14")
        submit(driver, wait, form)
        assert "saved=1" in driver.current_url, driver.current_url

        form = "#indicator form"
        Select(driver.find_element(By.CSS_SELECTOR, f"{form} [name=code]")).select_by_value("")
        fill(driver, form, "title", "Boardings done to the new procedure")
        Select(driver.find_element(By.CSS_SELECTOR, f"{form} [name=type]")).select_by_value("outcome")
        Select(driver.find_element(By.CSS_SELECTOR, f"{form} [name=measure]")).select_by_value("percentage")
        fill(driver, form, "target", "90")
        submit(driver, wait, form)
        assert "saved=1" in driver.current_url, driver.current_url
        form = "#actual form"
        Select(driver.find_element(By.CSS_SELECTOR, f"{form} [name=indicator]")).select_by_value("1")
        set_value(driver, f"{form} [name=start]", "2031-04-01")
        set_value(driver, f"{form} [name=end]", "2031-12-31")
        fill(driver, form, "actual", "72.5")
        submit(driver, wait, form)
        assert "saved=1" in driver.current_url, driver.current_url
        screenshot(driver, "results-activity-page")

        driver.get(activity_url)
        table = driver.find_element(By.ID, "indicators").text
        assert "Officers trained in counter-narcotics work" in table, table
        assert "93 %" in table, table
        assert "72.5 %" in table, table
        screenshot(driver, "results-activity-detail")

        coordinator_after = trained(driver, wait)
        assert coordinator_after == coordinator_before + 28, (coordinator_before, coordinator_after)
        screenshot(driver, "results-rollup-coordinator")
        sign_out(driver)

        sign_in(driver, "viewer")
        viewer_after = trained(driver, wait)
        assert viewer_after == viewer_before, (viewer_before, viewer_after)
        driver.get(BASE_URL + "/language/es")
        driver.get(BASE_URL + ROLLUP)
        heading = driver.find_element(By.TAG_NAME, "h1").text
        assert heading == "Resultados", heading
        screenshot(driver, "results-rollup-viewer-es")
        driver.get(BASE_URL + "/language/en")
        print("results: ok")
    except Exception:
        screenshot(driver, "results-failure")
        raise
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
