"""The directory of fora in a real browser.

A visitor who is not signed in filters the directory by Honduras and finds SICA but not ECOWAS, opens
CICAD (which belongs to the OAS) and reads its mandate and members, but not its focal points: the page
says why. Honduras's focal point, a partner nation that is not a member, does not see them either. A
Spanish viewer (a member) sees the demo's focal point for CICAD, with her email, and reads the page in
Spanish. The secretariat adds a focal point on the page (an empty form comes back with its messages
first) and removes it again."""
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import BASE_URL, chromium, fill, follow, screenshot, sign_in, sign_out, submit

FOCAL_POINT = "Lucía Fernández Ortiz"


def open_cicad(driver, wait):
    driver.get(BASE_URL + "/fora/oas-cicad")
    wait.until(EC.presence_of_element_located((By.ID, "contacts")))
    return driver.find_element(By.ID, "contacts").text


def main():
    driver = chromium()
    wait = WebDriverWait(driver, 20)
    try:
        driver.get(BASE_URL + "/fora")
        Select(driver.find_element(By.ID, "filter-country")).select_by_value("HN")
        driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
        wait.until(EC.url_contains("country=HN"))
        acronyms = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#fora tbody td:first-child")]
        assert "SICA" in acronyms and "CICAD" in acronyms and "ECOWAS" not in acronyms, acronyms
        screenshot(driver, "fora-directory-honduras")

        contacts = open_cicad(driver, wait)
        assert FOCAL_POINT not in contacts, contacts
        assert driver.find_elements(By.ID, "contacts-members-only"), "the visitor is not told why"
        assert "Honduras" in driver.find_element(By.ID, "forum-members").text
        assert "Inter-American Drug Abuse Control Commission" in driver.find_element(By.TAG_NAME, "h1").text
        screenshot(driver, "fora-cicad-visitor")

        sign_in(driver, "partner")
        assert FOCAL_POINT not in open_cicad(driver, wait)
        sign_out(driver)

        sign_in(driver, "viewer")
        contacts = open_cicad(driver, wait)
        assert FOCAL_POINT in contacts, contacts
        assert "lfernandez@cicad.example.org" in contacts, contacts
        screenshot(driver, "fora-cicad-member")
        driver.get(BASE_URL + "/language/es")
        open_cicad(driver, wait)
        heading = driver.find_element(By.TAG_NAME, "h1").text
        assert "Comisión Interamericana para el Control del Abuso de Drogas" in heading, heading
        assert "Puntos focales" in driver.find_element(By.ID, "contacts").text
        screenshot(driver, "fora-cicad-member-es")
        driver.get(BASE_URL + "/language/en")
        sign_out(driver)

        sign_in(driver, "secretariat")
        open_cicad(driver, wait)
        driver.find_element(By.ID, "new-contact").click()
        wait.until(EC.presence_of_element_located((By.ID, "contact-form")))
        submit(driver, wait, "#contact-form")
        assert driver.find_elements(By.ID, "error-summary"), "an empty focal point was accepted"
        fill(driver, "#contact-form", "name", "Tomás Ejemplo Ruiz")
        fill(driver, "#contact-form", "email", "tejemplo@cicad.example.org")
        driver.find_element(By.CSS_SELECTOR, "input[name=languages][value=es]").click()
        screenshot(driver, "fora-contact-form")
        submit(driver, wait, "#contact-form")
        row = driver.find_element(By.XPATH, "//tr[td[text()='Tomás Ejemplo Ruiz']]")
        follow(driver, wait, row.find_element(By.CSS_SELECTOR, "form button"))
        assert "Tomás Ejemplo Ruiz" not in driver.find_element(By.ID, "contacts").text
        print("fora browser test passed")
    except Exception:
        screenshot(driver, "fora-failure")
        raise
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
