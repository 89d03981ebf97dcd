"""Importing an IATI file in a real browser: the United States coordinator finds the import page from the activity
list, uploads a file of one US-INL activity, watches the import end and reads its report; the activity is then
listed with its IATI identifier. The same file again changes nothing; a file that is not XML is refused with its
line. A contributor has no import page, and nobody else sees the coordinator's report."""
import os
import sys
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import BASE_URL, chromium, screenshot, sign_in, sign_out

TITLE = "Curso de abordaje importado desde IATI"
IDENTIFIER = "US-INL-BROWSER-IMPORT-1"
FILE = f"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
  <iati-activity default-currency="USD" xml:lang="es">
    <iati-identifier>{IDENTIFIER}</iati-identifier>
    <reporting-org ref="US-INL" type="10"><narrative>INL</narrative></reporting-org>
    <title><narrative>{TITLE}</narrative></title>
    <description type="1"><narrative>Abordaje y registro de embarcaciones.</narrative></description>
    <participating-org ref="US-INL" role="1"/>
    <participating-org ref="US-INL" role="4"/>
    <activity-status code="1"/>
    <activity-date type="1" iso-date="2028-05-02"/>
    <activity-date type="3" iso-date="2028-05-12"/>
    <recipient-country code="GT"/>
    <sector vocabulary="1" code="16063"/>
    <budget type="1" status="1"><period-start iso-date="2028-05-02"/><period-end iso-date="2028-05-12"/>
      <value value-date="2028-05-02">48000</value></budget>
  </iati-activity>
</iati-activities>
"""


def upload(driver, wait, path, marking=None):
    driver.get(BASE_URL + "/imports")
    if marking:
        Select(driver.find_element(By.NAME, "marking")).select_by_value(marking)
    driver.find_element(By.ID, "field-file").send_keys(path)
    driver.find_element(By.CSS_SELECTOR, "#import-form button[type=submit]").click()
    wait.until(EC.presence_of_element_located((By.ID, "import-outcome")))
    return driver.find_element(By.ID, "import-outcome").text


def main():
    folder = tempfile.mkdtemp()
    good = os.path.join(folder, "inl-activities.xml")
    bad = os.path.join(folder, "not-iati.xml")
    with open(good, "w", encoding="utf-8") as handle:
        handle.write(FILE)
    with open(bad, "w", encoding="utf-8") as handle:
        handle.write("<?xml version=\"1.0\"?>\n<iati-activities version=\"2.03\">\n  <iati-activity>\n  <title>\n")
    driver = chromium()
    wait = WebDriverWait(driver, 30)
    try:
        sign_in(driver, "coordinator")
        driver.get(BASE_URL + "/activities")
        driver.find_element(By.ID, "import-link").click()
        wait.until(EC.presence_of_element_located((By.ID, "import-form")))
        screenshot(driver, "import-form")

        outcome = upload(driver, wait, good, marking="public")
        assert "Imported." in outcome and "1 read: 1 new" in outcome, outcome
        assert "inl-activities.xml" in driver.page_source
        screenshot(driver, "import-report")
        job_url = driver.current_url

        driver.get(BASE_URL + "/activities?q=abordaje+importado")
        driver.find_element(By.PARTIAL_LINK_TEXT, TITLE).click()
        wait.until(EC.presence_of_element_located((By.ID, "iati-identifier")))
        assert driver.find_element(By.ID, "iati-identifier").text == IDENTIFIER
        screenshot(driver, "import-activity")

        outcome = upload(driver, wait, good)
        assert "1 read: 0 new, 0 changed, 1 unchanged" in outcome, outcome

        outcome = upload(driver, wait, bad)
        assert "Refused: nothing was written." in outcome, outcome
        problems = driver.find_element(By.ID, "import-problems").text
        assert "not well-formed XML" in problems and "\n4:" in problems, problems
        screenshot(driver, "import-refused")
        sign_out(driver)

        # Nobody else reads the coordinator's report; a contributor has no import page at all.
        sign_in(driver, "secretariat")
        driver.get(job_url)
        assert "Not found" in driver.title or "404" in driver.page_source, driver.title
        assert "inl-activities.xml" not in driver.page_source
        screenshot(driver, "import-report-not-found")
        driver.get(BASE_URL + "/activities")
        sign_out(driver)
        sign_in(driver, "contributor")
        driver.get(BASE_URL + "/activities")
        assert not driver.find_elements(By.ID, "import-link")
        driver.get(BASE_URL + "/imports")
        assert not driver.find_elements(By.ID, "import-form")
        print("browser test passed: IATI upload, report, identifier on the activity, idempotent, refusal, access")
    except Exception:
        screenshot(driver, "failure-imports")
        raise
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
