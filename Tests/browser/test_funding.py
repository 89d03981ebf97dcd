"""Funding and human-rights vetting in a real browser.

A U.S. coordinator records a course for Honduras that Colombia's navy delivers with U.S. money, in 2031
(a year the demo leaves empty, so the totals are the test's own). A pending vetted unit keeps it out of
implementation: the edit form comes back with the reason. Once the unit is cleared it moves. On the
activity's funding page the coordinator records a pledge, a commitment to Colombia, a disbursement in
euros flagged as not ODA, expenditure in pesos, and a commitment only the United States may read; a bad
amount comes back with its message. The funding view converts everything at the rate of its date and
shows the funnel as SVG; a Spanish viewer's totals leave out the hidden commitment, to the cent. The
administrator imports rates from CSV: a bad row stores nothing; the good file is stored."""
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import BASE_URL, chromium, screenshot, sign_in, sign_out, fill, set_value, submit

TITLE = "Browser test: boarding course for the Honduran Navy, 2031"


def add_transaction(driver, wait, kind, date, amount, currency, provider, receiver="", not_oda=False, note="",
                    restricted_to=None):
    form = "#transaction form"
    Select(driver.find_element(By.CSS_SELECTOR, f"{form} [name=type]")).select_by_value(kind)
    set_value(driver, f"{form} [name=date]", date)
    fill(driver, form, "amount", amount)
    fill(driver, form, "currency", currency)
    Select(driver.find_element(By.CSS_SELECTOR, f"{form} [name=provider]")).select_by_value(provider)
    Select(driver.find_element(By.CSS_SELECTOR, f"{form} [name=receiver]")).select_by_value(receiver)
    if not_oda:
        driver.find_element(By.CSS_SELECTOR, f"{form} [name=notODA]").click()
    fill(driver, form, "description", note)
    if restricted_to:
        Select(driver.find_element(By.CSS_SELECTOR, f"{form} [name=marking]")).select_by_value("restricted")
        fill(driver, form, "releasableTo", restricted_to)
    submit(driver, wait, form)


def funding_totals(driver, wait):
    """The total row of the funding view for 2031, by country, as stage → text."""
    driver.get(BASE_URL + "/funding?by=country&from=2031&to=2031")
    wait.until(EC.presence_of_element_located((By.ID, "funding-table")))
    cells = driver.find_elements(By.CSS_SELECTOR, "#funding-table tfoot td")
    return [cell.text for cell in cells[:4]]


def main():
    driver = chromium()
    wait = WebDriverWait(driver, 20)
    try:
        sign_in(driver, "coordinator")
        driver.get(BASE_URL + "/activities/new")
        driver.find_element(By.NAME, "title").send_keys(TITLE)
        Select(driver.find_element(By.NAME, "language")).select_by_value("en")
        Select(driver.find_element(By.NAME, "kind")).select_by_value("course")
        Select(driver.find_element(By.NAME, "modality")).select_by_value("in-country")
        Select(driver.find_element(By.NAME, "providers[0].organization")).select_by_value("US-INL")
        Select(driver.find_element(By.NAME, "providers[0].role")).select_by_value("funding")
        Select(driver.find_element(By.NAME, "recipientCountries")).select_by_value("HN")
        driver.find_element(By.NAME, "beneficiary").send_keys("Fuerza Naval de Honduras")
        driver.find_element(By.CSS_SELECTOR, "input[name=keyAreas][value=narco-trafficking]").click()
        set_value(driver, "[name=plannedStart]", "2031-03-03")
        set_value(driver, "[name=plannedEnd]", "2031-03-14")
        Select(driver.find_element(By.NAME, "status")).select_by_value("1")
        driver.find_element(By.CSS_SELECTOR, ".form-actions button[type=submit]").click()
        wait.until(EC.url_contains("saved=1"))
        activity_url = driver.current_url.split("?")[0]
        state = driver.find_element(By.ID, "vetting-state").text
        assert state == "Required, no unit recorded", state

        # A pending unit, then the attempt to start: the form comes back with the reason.
        driver.get(activity_url + "/funding")
        form = "#unit form.stacked-form"
        fill(driver, form, "people", "24")
        Select(driver.find_element(By.CSS_SELECTOR, f"{form} [name=status]")).select_by_value("pending")
        fill(driver, form, "authority", "U.S. Embassy Tegucigalpa")
        set_value(driver, f"{form} [name=submitted]", "2026-09-01")
        driver.find_element(By.CSS_SELECTOR, f"{form} button[type=submit]").click()
        wait.until(EC.url_contains("saved=1"))
        assert driver.find_element(By.ID, "vetting-state").text == "Pending"
        driver.get(activity_url + "/edit")
        Select(driver.find_element(By.NAME, "status")).select_by_value("2")
        driver.find_element(By.CSS_SELECTOR, ".form-actions button[type=submit]").click()
        summary = wait.until(EC.visibility_of_element_located((By.ID, "error-summary")))
        assert "cannot move into implementation" in summary.text, summary.text
        screenshot(driver, "funding-01-vetting-blocks")

        # Cleared, it moves.
        driver.get(activity_url + "/funding")
        Select(driver.find_element(By.ID, "unit-status-0")).select_by_value("cleared")
        driver.find_element(By.CSS_SELECTOR, "#vetting-units .unit-form button[type=submit]").click()
        wait.until(EC.url_contains("saved=1"))
        assert driver.find_element(By.ID, "vetting-state").text == "Cleared"
        driver.get(activity_url + "/edit")
        Select(driver.find_element(By.NAME, "status")).select_by_value("2")
        driver.find_element(By.CSS_SELECTOR, ".form-actions button[type=submit]").click()
        wait.until(EC.url_contains("saved=1"))

        # Triangular funding in three currencies, and a bad amount first.
        driver.get(activity_url + "/funding")
        add_transaction(driver, wait, "12", "2031-01-10", "12,5", "USD", "US-INL")
        error = wait.until(EC.visibility_of_element_located((By.ID, "field-amount-error")))
        assert "expected format" in error.text, error.text
        assert driver.find_element(By.CSS_SELECTOR, "#transaction [name=amount]").get_attribute("value") == "12,5"
        screenshot(driver, "funding-02-bad-amount")
        driver.get(activity_url + "/funding")
        add_transaction(driver, wait, "12", "2031-01-10", "500000", "USD", "US-INL", note="Pledged at planning")
        add_transaction(driver, wait, "2", "2031-02-01", "400000", "USD", "US-INL", "CO-ARC")
        add_transaction(driver, wait, "3", "2031-03-15", "300000", "EUR", "US-INL", "CO-ARC", not_oda=True)
        add_transaction(driver, wait, "4", "2031-03-14", "780000000", "COP", "CO-ARC", note="Spent on delivery")
        add_transaction(driver, wait, "2", "2031-02-02", "90000", "USD", "US-INL", note="Reserved line",
                        restricted_to="US")
        rows = driver.find_elements(By.CSS_SELECTOR, "#transactions tbody tr")
        assert len(rows) == 5, len(rows)
        screenshot(driver, "funding-03-activity-funding")

        # The funding view: converted at the demo's 2027 rates (the latest on or before 2031).
        coordinator = funding_totals(driver, wait)
        assert coordinator == ["$500,000.00", "$490,000.00", "$348,000.00", "$200,000.00"], coordinator
        assert driver.find_element(By.ID, "funding-row-0").tag_name == "svg"
        screenshot(driver, "funding-04-view")
        driver.get(BASE_URL + "/funding")
        warning = driver.find_element(By.ID, "missing-rates").text
        assert "XOF" in warning, warning
        screenshot(driver, "funding-05-view-all")
        sign_out(driver)

        # A Spanish viewer: the hidden commitment is absent from the activity and from every total.
        sign_in(driver, "viewer")
        driver.get(activity_url)
        rows = driver.find_elements(By.CSS_SELECTOR, "#transactions tbody tr")
        assert len(rows) == 4, len(rows)
        assert "Reserved line" not in driver.find_element(By.TAG_NAME, "main").text
        viewer = funding_totals(driver, wait)
        assert viewer == ["$500,000.00", "$400,000.00", "$348,000.00", "$200,000.00"], viewer
        screenshot(driver, "funding-06-viewer")
        sign_out(driver)

        # Rates from a file: a bad row stores nothing and is named; the good file is stored.
        sign_in(driver, "admin")
        driver.get(BASE_URL + "/admin/rates")
        before = len(driver.find_elements(By.CSS_SELECTOR, "#rates-table tbody tr"))
        csv = driver.find_element(By.NAME, "csv")
        csv.send_keys("date,base,quote,rate\n2031-01-01,GBP,USD,1.27\n2031-01-01,GBP,USD,abc\n")
        driver.find_element(By.CSS_SELECTOR, "textarea[name=csv]").find_element(
            By.XPATH, "ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        error = wait.until(EC.visibility_of_element_located((By.ID, "field-csv-error")))
        assert "rows[2].rate" in error.text, error.text
        assert len(driver.find_elements(By.CSS_SELECTOR, "#rates-table tbody tr")) == before
        screenshot(driver, "funding-07-rates-error")
        csv = driver.find_element(By.NAME, "csv")
        csv.clear()
        csv.send_keys("date,base,quote,rate\n2031-01-01,GBP,USD,1.27\n")
        csv.find_element(By.XPATH, "ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(EC.url_contains("saved=1"))
        assert len(driver.find_elements(By.CSS_SELECTOR, "#rates-table tbody tr")) == before + 1
        screenshot(driver, "funding-08-rates")
    except Exception:
        screenshot(driver, "funding-failure")
        raise
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
    print("funding browser test passed")
    sys.exit(0)
