"""Deconfliction in a real browser: two providers record the same course in two languages; the
second sees the overlap on save; the first, who may not see the second's restricted record, hears
nothing until the secretariat, reviewing the pair side by side, sends it the bare notice; the
secretariat then records a decision; the coverage heatmap links each cell to its activities."""
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import BASE_URL, chromium, screenshot, sign_in, sign_out

SPANISH = "Curso de interdicción marítima para la Fuerza Naval de Honduras"
ENGLISH = "Maritime interdiction course for the Honduran Navy"
NOTICE = "Overlap notice: another provider has a possibly overlapping activity; contact the secretariat."


def record(driver, wait, title, language, provider, beneficiary, start, end, restricted_to=None):
    driver.get(BASE_URL + "/activities/new")
    driver.find_element(By.NAME, "title").send_keys(title)
    driver.find_element(By.NAME, "description").send_keys(
        "Boarding, vessel search and chain of custody." if language == "en"
        else "Abordaje, inspección de embarcaciones y cadena de custodia.")
    Select(driver.find_element(By.NAME, "language")).select_by_value(language)
    Select(driver.find_element(By.NAME, "kind")).select_by_value("course")
    Select(driver.find_element(By.NAME, "modality")).select_by_value("in-country")
    Select(driver.find_element(By.NAME, "providers[0].organization")).select_by_value(provider)
    Select(driver.find_element(By.NAME, "providers[0].role")).select_by_value("implementing")
    Select(driver.find_element(By.NAME, "recipientCountries")).select_by_value("HN")
    driver.find_element(By.NAME, "beneficiary").send_keys(beneficiary)
    driver.find_element(By.CSS_SELECTOR, "input[name=keyAreas][value=narco-trafficking]").click()
    driver.find_element(By.CSS_SELECTOR, "input[name=topics][value=maritime-interdiction]").click()
    driver.execute_script(
        f"document.querySelector('[name=plannedStart]').value = '{start}';"
        f"document.querySelector('[name=plannedEnd]').value = '{end}';")
    if restricted_to:
        driver.find_element(By.CSS_SELECTOR, "input[name='releasability.marking'][value=restricted]").click()
        Select(driver.find_element(By.NAME, "releasability.releasableTo")).select_by_value(restricted_to)
    driver.find_element(By.CSS_SELECTOR, ".form-actions button[type=submit]").click()
    wait.until(EC.url_contains("saved=1"))
    return driver.current_url.split("?")[0]


def main():
    driver = chromium()
    wait = WebDriverWait(driver, 20)
    try:
        # 1. Colombia's police records a course for the Honduran navy, in Spanish.
        sign_in(driver, "contributor")
        spanish_url = record(driver, wait, SPANISH, "es", "CO-PONAL", "Fuerza Naval de Honduras",
                             "2027-06-07", "2027-06-18")
        sign_out(driver)

        # 2. The United States records the same course in English, released to Honduras only.
        #    The save answers at once: the page says it may overlap, and the panel names the Spanish one.
        sign_in(driver, "coordinator")
        english_url = record(driver, wait, ENGLISH, "en", "US-INL", "Honduran Navy", "2027-06-14", "2027-06-25",
                             restricted_to="HN")
        notice = driver.find_element(By.CSS_SELECTOR, "p.notice").text
        assert "It may overlap" in notice, notice
        panel = driver.find_element(By.ID, "overlap-panel").text
        assert SPANISH in panel, panel
        screenshot(driver, "21-overlap-on-save")
        sign_out(driver)

        # 3. Colombia may not see the US record, and nothing on its pages says a hidden one overlaps it.
        sign_in(driver, "contributor")
        driver.get(spanish_url)
        panel = driver.find_element(By.ID, "overlap-panel").text
        assert NOTICE not in panel and ENGLISH not in driver.page_source, panel
        sign_out(driver)

        # 4. The secretariat finds the pair in the queue, filtered to Honduras and open ones, and chooses
        #    to tell Colombia.
        sign_in(driver, "secretariat")
        driver.get(BASE_URL + "/overlaps")
        Select(driver.find_element(By.NAME, "country")).select_by_value("HN")
        Select(driver.find_element(By.NAME, "status")).select_by_value("open")
        driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
        wait.until(EC.url_contains("country=HN"))
        screenshot(driver, "23-overlap-queue")
        row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "#overlap-table tbody tr") if SPANISH in r.text)
        assert ENGLISH in row.text, row.text
        row.find_element(By.LINK_TEXT, "Review").click()
        wait.until(EC.presence_of_element_located((By.ID, "pair")))
        pair = driver.find_element(By.ID, "pair").text
        assert SPANISH in pair and ENGLISH in pair, pair
        explanation = driver.find_element(By.ID, "explanation").text
        assert "Same beneficiary" in explanation and "Same topic: Maritime interdiction." in explanation, explanation
        screenshot(driver, "24-overlap-side-by-side")
        overlap_url = driver.current_url.split("?")[0]
        driver.find_element(By.ID, "notify-owners").click()
        wait.until(EC.url_contains("notified=1"))
        assert "Notice sent for 1 activity" in driver.find_element(By.CSS_SELECTOR, "p.notice").text
        sign_out(driver)

        # 4b. Now Colombia's activity carries the bare notice, nothing more.
        sign_in(driver, "contributor")
        driver.get(spanish_url)
        panel = driver.find_element(By.ID, "overlap-panel").text
        assert NOTICE in panel, panel
        assert ENGLISH not in driver.page_source and "US-INL" not in panel
        screenshot(driver, "22-redacted-notice")
        driver.get(BASE_URL + "/overlaps")
        assert NOTICE in driver.find_element(By.ID, "overlap-notices").text
        assert ENGLISH not in driver.page_source
        sign_out(driver)
        sign_in(driver, "secretariat")
        driver.get(overlap_url)

        # 5. "Complementary" needs a reason: the form comes back with the message; then it is recorded.
        driver.find_element(By.CSS_SELECTOR, "input[name=status][value=complementary]").click()
        driver.find_element(By.CSS_SELECTOR, "#decision-form button[type=submit]").click()
        wait.until(EC.presence_of_element_located((By.ID, "error-summary")))
        assert "This field is required." in driver.find_element(By.ID, "error-summary").text
        screenshot(driver, "25-decision-error")
        driver.find_element(By.CSS_SELECTOR, "input[name=status][value=complementary]").click()
        driver.find_element(By.NAME, "reason").send_keys("Boarding theory in June, the practical week follows.")
        driver.find_element(By.CSS_SELECTOR, "#decision-form button[type=submit]").click()
        wait.until(EC.url_contains("decided=1"))
        assert driver.find_element(By.ID, "overlap-status").text == "Complementary"
        assert "Overlap decided" in driver.find_element(By.ID, "overlap-history").text
        screenshot(driver, "26-decision-recorded")

        # 6. Coverage: the heatmap for 2027; the Honduras × narco-trafficking cell opens its activities.
        driver.get(BASE_URL + "/coverage?year=2027")
        heatmap = driver.find_element(By.ID, "coverage-heatmap")
        assert heatmap.find_elements(By.CSS_SELECTOR, "rect.cell"), "no cells drawn"
        screenshot(driver, "27-coverage-heatmap")
        link = driver.find_element(
            By.CSS_SELECTOR, "#coverage-heatmap a[href*='country=HN'][href*='keyArea=narco-trafficking']")
        driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", link)
        wait.until(EC.url_contains("/activities?country=HN"))
        assert SPANISH in driver.page_source and ENGLISH in driver.page_source
        screenshot(driver, "28-coverage-cell-activities")
        print("browser test passed: overlap on save, the secretariat's notice, review and decision, coverage heatmap")
    except Exception:
        screenshot(driver, "failure-overlaps")
        raise
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
