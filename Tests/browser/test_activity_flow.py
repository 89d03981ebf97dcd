"""One path through the activity registry in a real browser:
list → filter → create with an error → correct it → detail page → switch to Spanish → the same page as a
visitor, without the implementing partner's contact (members only)."""
import sys
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import BASE_URL, chromium, follow, screenshot, sign_in, sign_out


def count_text(driver):
    return driver.find_element(By.ID, "result-count").text


def main():
    driver = chromium()
    wait = WebDriverWait(driver, 15)
    try:
        # 1. The list.
        driver.get(BASE_URL + "/activities")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Activities", driver.title
        everything = count_text(driver)
        assert "activities" in everything, everything
        screenshot(driver, "01-list")

        # 2. Filter it: Honduras, narco-trafficking, with a word typed without its accent.
        Select(driver.find_element(By.NAME, "country")).select_by_value("HN")
        Select(driver.find_element(By.NAME, "keyArea")).select_by_value("narco-trafficking")
        driver.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
        wait.until(EC.url_contains("country=HN"))
        filtered = count_text(driver)
        assert filtered != everything, (filtered, everything)
        rows = driver.find_elements(By.CSS_SELECTOR, ".activity-table tbody tr")
        assert rows, "no rows after filtering"
        for row in rows:
            assert "Honduras" in row.text, row.text
            assert "Narco-trafficking" in row.text, row.text
        screenshot(driver, "02-filtered")
        # The same activities as files: the links carry the filters.
        csv_link = driver.find_element(By.ID, "download-csv").get_attribute("href")
        iati_link = driver.find_element(By.ID, "download-iati").get_attribute("href")
        assert "/api/v1/activities.csv?" in csv_link and "country=HN" in csv_link, csv_link
        assert "/api/v1/iati/activities.xml?" in iati_link and "keyArea=narco-trafficking" in iati_link, iati_link
        with urllib.request.urlopen(csv_link) as response:
            lines = response.read().decode("utf-8-sig").split("\r\n")
        assert lines[1].startswith("#activity +code"), lines[1]
        assert all(",HN" in line or "HN;" in line or ";HN" in line for line in lines[2:] if line), lines[2:5]

        # 3. Create with an error: everything but the title and with the end before the start.
        #    Recording needs a signed-in contributor (of Colombia's National Police, in the demo).
        sign_in(driver, "contributor")
        driver.get(BASE_URL + "/activities/new")
        driver.find_element(By.NAME, "description").send_keys("Curso práctico de abordaje y manejo de evidencia.")
        Select(driver.find_element(By.NAME, "language")).select_by_value("es")
        Select(driver.find_element(By.NAME, "kind")).select_by_value("course")
        Select(driver.find_element(By.NAME, "modality")).select_by_value("in-country")
        Select(driver.find_element(By.NAME, "providers[0].organization")).select_by_value("CO-ARC")
        Select(driver.find_element(By.NAME, "providers[0].role")).select_by_value("implementing")
        Select(driver.find_element(By.NAME, "recipientCountries")).select_by_value("HN")
        driver.find_element(By.NAME, "beneficiary").send_keys("Fuerza Naval de Honduras")
        driver.find_element(By.NAME, "targetGroup").send_keys("Oficiales de abordaje")
        driver.find_element(By.NAME, "partnerContact.name").send_keys("Capitán Luis Ortega")
        driver.find_element(By.NAME, "partnerContact.position").send_keys("Jefe de instrucción")
        driver.execute_script("document.querySelector('[name=\"partnerContact.email\"]').value = 'lortega';")
        driver.find_element(By.NAME, "partnerContact.phone").send_keys("+57 601 555 0100")
        driver.find_element(By.CSS_SELECTOR, "input[name='releasability.marking'][value=public]").click()
        driver.find_element(By.CSS_SELECTOR, "input[name=keyAreas][value=narco-trafficking]").click()
        driver.find_element(By.CSS_SELECTOR, "input[name=topics][value=maritime-interdiction]").click()
        driver.execute_script(
            "document.querySelector('[name=plannedStart]').value = '2027-03-01';"
            "document.querySelector('[name=plannedEnd]').value = '2027-02-20';")
        driver.find_element(By.NAME, "participantsPlanned").send_keys("24")
        driver.find_element(By.NAME, "budget.amount").send_keys("185000000")
        Select(driver.find_element(By.NAME, "budget.currency")).select_by_value("COP")
        driver.find_element(By.CSS_SELECTOR, ".form-actions button[type=submit]").click()
        summary = wait.until(EC.visibility_of_element_located((By.ID, "error-summary")))
        assert "This field is required." in summary.text, summary.text
        assert "The end cannot be before the start" in summary.text, summary.text
        assert "Contact e-mail" in summary.text, summary.text
        # What was typed is still there.
        assert driver.find_element(By.NAME, "beneficiary").get_attribute("value") == "Fuerza Naval de Honduras"
        assert driver.find_element(By.NAME, "targetGroup").get_attribute("value") == "Oficiales de abordaje"
        assert driver.find_element(By.NAME, "participantsPlanned").get_attribute("value") == "24"
        screenshot(driver, "03-form-errors")

        # Correct it and save.
        driver.find_element(By.NAME, "title").send_keys("Curso de interdicción marítima para la Fuerza Naval de Honduras")
        driver.execute_script("document.querySelector('[name=plannedEnd]').value = '2027-03-12';")
        email = driver.find_element(By.NAME, "partnerContact.email")
        email.clear()
        email.send_keys("lortega@armada.mil.co")
        driver.find_element(By.CSS_SELECTOR, ".form-actions button[type=submit]").click()

        # 4. The detail page.
        wait.until(EC.url_contains("saved=1"))
        heading = driver.find_element(By.TAG_NAME, "h1").text
        assert heading == "Curso de interdicción marítima para la Fuerza Naval de Honduras", heading
        page = driver.find_element(By.TAG_NAME, "main").text
        assert "The activity was saved." in page
        assert "COP" in page and "185,000,000" in page, page
        assert "Armada de Colombia" in page, page
        assert "Capitán Luis Ortega, Jefe de instrucción" in page, page
        assert "lortega@armada.mil.co" in page, page
        assert "Target group\nOficiales de abordaje" in page, page
        screenshot(driver, "04-detail")
        detail = driver.current_url

        # 5. Switch to Spanish: the same page, in Spanish, and it stays Spanish.
        follow(driver, wait, driver.find_element(By.CSS_SELECTOR, ".language-switcher a[data-lang=es]"))
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
        page = driver.find_element(By.TAG_NAME, "main").text
        assert "Proveedores" in page and "Países receptores" in page, page
        assert "Editar" in page
        # Not a wait on the address: the page left is an activity's, whose address holds "/activities" too.
        follow(driver, wait, driver.find_element(By.LINK_TEXT, "Actividades"))
        assert driver.find_element(By.TAG_NAME, "h1").text == "Actividades"
        assert "actividades" in count_text(driver)
        screenshot(driver, "05-spanish")

        # 6. A visitor reads the public activity, without its implementing partner's contact.
        sign_out(driver)
        driver.get(detail)
        page = driver.find_element(By.TAG_NAME, "main").text
        assert "Curso de interdicción marítima" in page, page
        assert "Ortega" not in page and "lortega" not in driver.page_source, page
        screenshot(driver, "06-visitor")
        print("browser test passed: list, filter, form errors, detail, Spanish, contact for members only")
    except Exception:
        screenshot(driver, "failure")
        raise
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
