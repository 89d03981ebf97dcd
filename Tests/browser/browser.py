"""Shared set-up for the browser tests: Debian's headless Chromium driven by selenium."""
import os
import pathlib

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

SCREENSHOTS = pathlib.Path(__file__).resolve().parent / "screenshots"
BASE_URL = os.environ.get("ENLACE_BASE_URL", "http://127.0.0.1:8080")


def chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                     "--lang=en-US"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def screenshot(driver, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1280, min(max(height, 900), 5000))
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    driver.set_window_size(1280, 1000)


DEMO_PASSWORDS = {
    "admin": "demo admin passphrase 2026",
    "secretariat": "demo secretariat passphrase 2026",
    "coordinator": "demo coordinator passphrase 2026",
    "contributor": "demo contributor passphrase 2026",
    "partner": "demo partner passphrase 2026",
    "viewer": "demo viewer passphrase 2026",
}


def sign_in(driver, role):
    """Signs in through the form as the demo person of `role` (see the README)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(BASE_URL + "/login")
    driver.find_element(By.ID, "email").send_keys(f"{role}@demo.enlace.example")
    driver.find_element(By.ID, "password").send_keys(DEMO_PASSWORDS[role])
    driver.find_element(By.CSS_SELECTOR, "form.stacked-form button[type=submit]").click()
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.ID, "sign-out")))


def sign_out(driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(By.ID, "sign-out").click()
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.ID, "sign-in")))


def set_value(driver, selector, value):
    """Sets a field's value directly (date inputs take typed text by locale)."""
    driver.execute_script("document.querySelector(arguments[0]).value = arguments[1];", selector, value)


def fill(driver, form, name, value):
    """Types `value` into the field `name` of the form matched by the selector `form`."""
    from selenium.webdriver.common.by import By

    field = driver.find_element(By.CSS_SELECTOR, f"{form} [name={name}]")
    field.clear()
    field.send_keys(value)


def left(element):
    """A wait condition: `element`, taken from the page before a navigation, is gone with that page."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def gone(_):
        # Chromium reports a node of the page just left either as stale or as "not in the document".
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise

    return gone


def follow(driver, wait, element):
    """Clicks `element` (a link or a button) and waits until the page it was on has been replaced."""
    from selenium.webdriver.common.by import By

    old = driver.find_element(By.TAG_NAME, "main")
    element.click()
    wait.until(left(old))


def submit(driver, wait, form):
    """Sends `form` and waits for the page that answers it (saved or with messages)."""
    from selenium.webdriver.common.by import By

    follow(driver, wait, driver.find_element(By.CSS_SELECTOR, f"{form} button[type=submit]"))
