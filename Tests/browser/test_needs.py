"""Partner needs in a real browser.

Honduras's focal point records a need at the annual planning workshop; the form first comes back
because the institution is missing. The need is open and lists the activities that could answer it,
with the reasons. A U.S. coordinator links one of its own activities from those suggestions: for the
coordinator the need is then partly met and the annual planning view lists it as answered. What the
partner sees follows what the partner may read: a members' activity does not answer it for them."""
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import BASE_URL, chromium, screenshot, sign_in, sign_out, set_value

TITLE = "Browser test: night-vision boarding capacity for the Honduran Navy"


def main():
    driver = chromium()
    wait = WebDriverWait(driver, 20)
    try:
        sign_in(driver, "partner")
        driver.get(BASE_URL + "/needs/new")
        driver.find_element(By.NAME, "title").send_keys(TITLE)
        assert Select(driver.find_element(By.NAME, "country")).first_selected_option.get_attribute("value") == "HN"
        driver.find_element(By.CSS_SELECTOR, "input[name=keyAreas][value=narco-trafficking]").click()
        Select(driver.find_element(By.NAME, "topics")).select_by_value("maritime-interdiction")
        Select(driver.find_element(By.NAME, "priority")).select_by_value("1")
        set_value(driver, "[name=windowStart]", "2026-06-01")
        set_value(driver, "[name=windowEnd]", "2027-05-31")
        driver.find_element(By.NAME, "people").send_keys("40")
        driver.find_element(By.ID, "save-need").click()
        summary = wait.until(EC.visibility_of_element_located((By.ID, "error-summary")))
        assert "Beneficiary institution" in summary.text, summary.text
        assert driver.find_element(By.NAME, "title").get_attribute("value") == TITLE
        screenshot(driver, "needs-01-form-error")
        driver.find_element(By.NAME, "institution").send_keys("Fuerza Naval de Honduras")
        driver.find_element(By.ID, "save-need").click()
        wait.until(EC.url_contains("saved=1"))
        need_url = driver.current_url.split("?")[0]
        assert driver.find_element(By.ID, "need-status").text == "Open"
        screenshot(driver, "needs-02-recorded")
        sign_out(driver)

        # A U.S. coordinator answers it with one of the U.S. activities suggested.
        sign_in(driver, "coordinator")
        driver.get(need_url)
        suggestions = driver.find_elements(By.CSS_SELECTOR, "#suggestions li")
        assert suggestions, "no suggestions"
        assert "same topics" in driver.find_element(By.ID, "suggestions").text
        linkable = driver.find_elements(By.CSS_SELECTOR, "#suggestions form button[type=submit]")
        assert linkable, "no suggestion the coordinator may link"
        linkable[0].click()
        wait.until(EC.url_contains("saved=1"))
        assert driver.find_element(By.ID, "need-status").text == "Partly met", driver.find_element(By.ID, "need-status").text
        assert len(driver.find_elements(By.CSS_SELECTOR, "#answers li")) == 1
        screenshot(driver, "needs-03-answered")
        driver.get(BASE_URL + "/needs/planning?country=HN&year=2026")
        assert TITLE in driver.find_element(By.ID, "answered").text
        assert TITLE not in driver.find_element(By.ID, "unanswered").text
        screenshot(driver, "needs-04-planning")
        driver.get(BASE_URL + "/coverage?year=2026")
        assert "Open needs" in driver.page_source
        sign_out(driver)

        # The partner sees the answer only if it may read the activity.
        sign_in(driver, "partner")
        driver.get(need_url)
        answers = driver.find_elements(By.CSS_SELECTOR, "#answers li")
        status = driver.find_element(By.ID, "need-status").text
        assert (status == "Open") == (len(answers) == 0), (status, len(answers))
        screenshot(driver, "needs-05-partner")
    except Exception:
        screenshot(driver, "needs-failure")
        raise
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
    print("needs browser test passed")
    sys.exit(0)
