"""A password alone never takes an account, in a real browser (issue 15, findings 1, 2 and 8).

A person invited by the administrator sets up a second factor. Signed in with the password alone, the
browser reaches nothing but the second step: not the set-up page that would let it choose a factor of
its own. Wrong codes meet the throttle; a code works once; a recovery code works once; completing the
step changes the session id. The way back after sign-in and the language switch stay on this site.

Runs last (by name): its wrong codes count against this machine's address."""
import base64
import hashlib
import hmac
import re
import struct
import sys
import time
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from browser import BASE_URL, chromium, left, screenshot, sign_in, sign_out

PASSWORD = "a long phrase nobody guesses 77"


def totp(secret, step=None):
    """The RFC 6238 code of time step `step` (now's by default), of the key a set-up page shows to type by hand."""
    secret = secret.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int(time.time() // 30) if step is None else step
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def fresh_code(secret, used):
    """A code of a time step after the last one `used` (each step works once), waiting when that step is
    more than one ahead of now (the server takes the step before and the step after its own)."""
    step = int(time.time() // 30)
    if used is None:
        return totp(secret, step), step
    wanted = max(used + 1, step)
    while wanted > int(time.time() // 30) + 1:
        time.sleep(1)
    return totp(secret, wanted), wanted


def session_cookie(driver):
    cookie = driver.get_cookie("enlace_session")
    return cookie["value"] if cookie else None


def waited_out(driver):
    """When the page says to try again in N seconds, waits them out and says so; the throttle counts this
    machine's wrong codes together, and this test makes several on purpose."""
    alerts = driver.find_elements(By.CSS_SELECTOR, "p.alert")
    found = re.search(r"[Tt]ry again in (\d+) s", alerts[0].text) if alerts else None
    if found:
        time.sleep(int(found.group(1)) + 1)
    return found is not None


def password_step(driver, wait, email):
    while True:
        driver.get(BASE_URL + "/login")
        driver.find_element(By.ID, "email").send_keys(email)
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        old = driver.find_element(By.TAG_NAME, "main")
        driver.find_element(By.CSS_SELECTOR, "form.stacked-form button[type=submit]").click()
        wait.until(left(old))
        if not waited_out(driver):
            break
    assert "/login/second-factor" in driver.current_url, driver.current_url


def send_code(driver, code, patient=True):
    """Sends `code` to the second step; unless told otherwise, waits out the throttle and sends it again."""
    while True:
        field = driver.find_element(By.ID, "code")
        field.clear()
        field.send_keys(code)
        old = driver.find_element(By.TAG_NAME, "main")
        driver.find_element(By.CSS_SELECTOR, "form.stacked-form button[type=submit]").click()
        WebDriverWait(driver, 15).until(left(old))
        if not patient or "/login/second-factor" not in driver.current_url or not waited_out(driver):
            return


def main():
    driver = chromium()
    wait = WebDriverWait(driver, 20)
    email = f"focal-{uuid.uuid4().hex[:8]}@example.org"
    try:
        # 1. The administrator invites a person; the person chooses a password and is signed in.
        sign_in(driver, "admin")
        driver.get(BASE_URL + "/admin/users")
        driver.find_element(By.ID, "invite-email").send_keys(email)
        driver.find_element(By.ID, "invite-name").send_keys("Focal Point")
        driver.find_element(By.CSS_SELECTOR, "input[name=roles][value=viewer]").click()
        driver.find_element(By.CSS_SELECTOR, "form[action='/admin/users/invite'] button[type=submit]").click()
        link = wait.until(EC.presence_of_element_located((By.ID, "invitation-link"))).text
        sign_out(driver)
        driver.get(link if link.startswith("http") else BASE_URL + link)
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        driver.find_element(By.ID, "confirm").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        wait.until(EC.presence_of_element_located((By.ID, "sign-out")))

        # 2. The person sets up a second factor: the code of the new secret, and their password.
        driver.get(BASE_URL + "/account/second-factor")
        secret = driver.find_element(By.ID, "totp-secret").text
        assert not driver.find_elements(By.CSS_SELECTOR, "input[name=secret]"), "the form names its own secret"
        driver.find_element(By.ID, "current").send_keys(PASSWORD)
        code, used = fresh_code(secret, None)
        driver.find_element(By.ID, "code").send_keys(code)
        driver.find_element(By.CSS_SELECTOR, "form.stacked-form button[type=submit]").click()
        codes = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ul.recovery-codes")))
        recovery = [element.text for element in codes.find_elements(By.TAG_NAME, "code")]
        assert len(recovery) == 10, recovery
        screenshot(driver, "91-second-factor-on")
        sign_out(driver)

        # 3. The password alone: every page leads back to the second step, the set-up page above all.
        password_step(driver, wait, email)
        pending = session_cookie(driver)
        for path in ["/account/second-factor", "/account", "/activities/new", "/"]:
            driver.get(BASE_URL + path)
            assert "/login/second-factor" in driver.current_url, f"{path} opened to a password alone"
        assert not driver.find_elements(By.ID, "totp-secret")
        screenshot(driver, "92-password-alone")

        # 4. Wrong codes meet the throttle: past the free ones, the step says how long to wait.
        message = ""
        for attempt in range(12):
            send_code(driver, f"{attempt + 1:06d}", patient=False)
            message = driver.find_element(By.CSS_SELECTOR, "p.alert").text
            if "try again" in message.lower():
                break
        assert re.search(r"\d+ s", message), message
        screenshot(driver, "93-codes-throttled")
        waited_out(driver)

        # 5. The right code completes the step, under a new session id.
        code, used = fresh_code(secret, used)
        send_code(driver, code)
        wait.until(EC.presence_of_element_located((By.ID, "sign-out")))
        assert session_cookie(driver) != pending, "the session id survived the second step"
        sign_out(driver)

        # 6. The same code again is refused; a recovery code works once.
        password_step(driver, wait, email)
        send_code(driver, code)
        assert "/login/second-factor" in driver.current_url, "a code was accepted twice"
        assert "not right" in driver.find_element(By.CSS_SELECTOR, "p.alert").text
        send_code(driver, recovery[0])
        wait.until(EC.presence_of_element_located((By.ID, "sign-out")))
        sign_out(driver)
        password_step(driver, wait, email)
        send_code(driver, recovery[0])
        assert "/login/second-factor" in driver.current_url, "a recovery code was accepted twice"
        assert "not right" in driver.find_element(By.CSS_SELECTOR, "p.alert").text
        screenshot(driver, "94-recovery-code-used")
        driver.find_element(By.ID, "cancel-sign-in").click()
        wait.until(EC.presence_of_element_located((By.ID, "sign-in")))

        # 7. The way back stays on this site, whatever a link hides in it.
        for back in ["/%09/evil.example", "//evil.example", "/%5Cevil.example", "https://evil.example"]:
            driver.get(BASE_URL + "/language/es?back=" + back)
            assert driver.current_url.startswith(BASE_URL + "/"), driver.current_url
            assert "evil.example" not in driver.current_url, driver.current_url
        driver.get(BASE_URL + "/language/en?back=/")
        while True:
            driver.get(BASE_URL + "/login?next=/%09/evil.example")
            driver.find_element(By.ID, "email").send_keys("viewer@demo.enlace.example")
            driver.find_element(By.ID, "password").send_keys("demo viewer passphrase 2026")
            old = driver.find_element(By.TAG_NAME, "main")
            driver.find_element(By.CSS_SELECTOR, "form.stacked-form button[type=submit]").click()
            wait.until(left(old))
            if not waited_out(driver):
                break
        wait.until(EC.presence_of_element_located((By.ID, "sign-out")))
        assert driver.current_url.rstrip("/") == BASE_URL.rstrip("/"), driver.current_url
        screenshot(driver, "95-way-back-home")
        print("browser test passed: the second step alone after a password, throttled and single-use codes, "
              "a new session id, the way back on this site")
    except Exception:
        screenshot(driver, "failure-takeover")
        raise
    finally:
        driver.quit()


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # noqa: BLE001 - report and fail
        print(f"browser test failed: {error}", file=sys.stderr)
        sys.exit(1)
