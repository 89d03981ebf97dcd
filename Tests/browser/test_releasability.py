"""Releasability in a real browser: a record restricted to Honduras is seen by its owner and by
Honduras's focal point, and is absent (not found, not listed) for another government's user."""
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import BASE_URL, chromium, screenshot, sign_in, sign_out

TITLE = "Taller restringido de análisis de inteligencia antidrogas"


def main():
    driver = chromium()
    wait = WebDriverWait(driver, 15)
    try:
        # 1. Sign in as Colombia's police contributor and record an activity released to Honduras only.
        sign_in(driver, "contributor")
        driver.get(BASE_URL + "/activities/new")
        driver.find_element(By.NAME, "title").send_keys(TITLE)
        Select(driver.find_element(By.NAME, "language")).select_by_value("es")
        Select(driver.find_element(By.NAME, "kind")).select_by_value("course")
        Select(driver.find_element(By.NAME, "modality")).select_by_value("in-country")
        Select(driver.find_element(By.NAME, "providers[0].organization")).select_by_value("CO-PONAL")
        Select(driver.find_element(By.NAME, "providers[0].role")).select_by_value("implementing")
        Select(driver.find_element(By.NAME, "recipientCountries")).select_by_value("HN")
        driver.find_element(By.CSS_SELECTOR, "input[name=keyAreas][value=narco-trafficking]").click()
        driver.find_element(By.CSS_SELECTOR, "input[name=topics][value=counter-drug-intelligence]").click()
        driver.execute_script(
            "document.querySelector('[name=plannedStart]').value = '2027-05-03';"
            "document.querySelector('[name=plannedEnd]').value = '2027-05-07';")
        driver.find_element(By.CSS_SELECTOR, "input[name='releasability.marking'][value=restricted]").click()
        Select(driver.find_element(By.NAME, "releasability.releasableTo")).select_by_value("HN")
        driver.find_element(By.CSS_SELECTOR, ".form-actions button[type=submit]").click()
        wait.until(EC.url_contains("saved=1"))
        record_url = driver.current_url.split("?")[0]
        marking = driver.find_element(By.ID, "marking").text
        assert marking == "Restricted", marking
        assert "Honduras" in driver.find_element(By.TAG_NAME, "main").text
        screenshot(driver, "11-restricted-owner")

        # 2. Sign out: the public portal does not show it.
        sign_out(driver)
        driver.get(record_url)
        assert "Not found" in driver.find_element(By.TAG_NAME, "main").text
        screenshot(driver, "12-restricted-anonymous")

        # 3. Another government's user (Spain's viewer): absent from the page and from search.
        sign_in(driver, "viewer")
        driver.get(record_url)
        assert "Not found" in driver.find_element(By.TAG_NAME, "main").text, driver.page_source[:500]
        driver.get(BASE_URL + "/activities?q=restringido+inteligencia")
        assert TITLE not in driver.page_source
        assert "0 activities" in driver.find_element(By.ID, "result-count").text
        screenshot(driver, "13-restricted-other-government")
        sign_out(driver)

        # 4. Honduras's focal point sees it: it was released to Honduras.
        sign_in(driver, "partner")
        driver.get(record_url)
        assert driver.find_element(By.TAG_NAME, "h1").text == TITLE
        screenshot(driver, "14-restricted-recipient")
        print("browser test passed: restricted record seen by owner and recipient, absent for others")
    except Exception:
        screenshot(driver, "failure-releasability")
        raise
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
