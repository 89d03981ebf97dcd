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
