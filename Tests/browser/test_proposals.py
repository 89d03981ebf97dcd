"""A proposal carried from draft to the conference in a real browser.

The U.S. coordinator puts a proposal forward (a form with a missing title comes back first, with its
message). The secretariat tries a move the workflow forbids and is told why, then opens a round. Member
states take positions: Spain objects, then changes to support with amendments; the United States asks
for an amendment on funding. The round page tallies them and groups the comments by section. The
secretariat marks the proposal revised: the round closes and takes no more positions. The coordinator
revises the funding section, and the comparison shows the words taken out and put in. A second round,
endorsement and presentation follow. The secretariat puts it on the demo conference's programme and
records its adoption there; the proposal is adopted, and the coordinator spawns a draft activity that
links back to it, and links it to CICAD, whose page then lists both (to members, not to visitors). Spain's viewer reads the proposal but may not answer, and Honduras's focal point (not
a member) cannot open it."""
import time
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import BASE_URL, chromium, fill, screenshot, set_value, sign_in, sign_out, submit

TITLE = "Caribbean container-port profiling network " + uuid.uuid4().hex[:6]


def status(driver):
    return driver.find_element(By.ID, "proposal-status").text


def move(driver, wait, target):
    submit(driver, wait, f"form:has(#move-{target})")


def record_position(driver, wait, member, stance, comments):
    form = "#position form"
    selects = driver.find_elements(By.ID, "field-member")
    if selects:
        Select(selects[0]).select_by_value(member)
    driver.find_element(By.ID, f"stance-{stance}").click()
    for section, text in comments.items():
        fill(driver, form, f"comments\\.{section}", text)
    submit(driver, wait, form)


def main():
    driver = chromium()
    wait = WebDriverWait(driver, 20)
    try:
        sign_in(driver, "coordinator")
        driver.get(BASE_URL + "/proposals/new")
        submit(driver, wait, "form.stacked-form")
        assert "error-summary" in driver.page_source, "an empty proposal was accepted"
        fill(driver, "form.stacked-form", "title", TITLE)
        fill(driver, "form.stacked-form", "sections\\.objectives", "Profile **high-risk containers** before loading.")
        fill(driver, "form.stacked-form", "sections\\.funding", "Each port authority pays for its own analysts.")
        fill(driver, "form.stacked-form", "sections\\.mechanisms", "- A shared watch list\n- A monthly call")
        driver.find_element(By.CSS_SELECTOR, "input[name=keyAreas][value=narco-trafficking]").click()
        Select(driver.find_element(By.ID, "field-fora")).select_by_value("oas-cicad")
        submit(driver, wait, "form.stacked-form")
        assert status(driver) == "Draft", status(driver)
        assert "high-risk containers" in driver.find_element(By.ID, "section-objectives").find_element(By.XPATH, "..").text
        proposal_url = driver.current_url.split("?")[0]
        screenshot(driver, "proposal-draft")
        sign_out(driver)

        sign_in(driver, "secretariat")
        driver.get(proposal_url)
        # A move the graph does not allow, forced through the form: refused, with the reason.
        driver.execute_script(
            "document.querySelector('form:has(#move-withdrawn) input[name=status]').value = 'adopted';")
        move(driver, wait, "withdrawn")
        assert "cannot go from" in driver.find_element(By.ID, "proposal-error").text
        assert status(driver) == "Draft"
        submit(driver, wait, "#open-round")
        assert "Round 1" in driver.find_element(By.TAG_NAME, "h1").text
        round_url = driver.current_url.split("?")[0]
        record_position(driver, wait, "ES", "object", {"mandate": "The mandate must respect data-protection law."})
        record_position(driver, wait, "CO", "support", {})
        record_position(
            driver, wait, "ES", "support-with-amendments", {"mandate": "Name national data-protection law."})
        sign_out(driver)

        sign_in(driver, "coordinator")
        driver.get(round_url)
        record_position(driver, wait, "US", "support-with-amendments", {"funding": "A common fund for training."})
        tally = {key: driver.find_element(By.ID, f"tally-{key}").text for key in ["support", "support-with-amendments", "object"]}
        assert tally == {"support": "1", "support-with-amendments": "2", "object": "0"}, tally
        assert "Name national data-protection law." in driver.find_element(By.ID, "comments-mandate").text
        assert "A common fund for training." in driver.find_element(By.ID, "comments-funding").text
        assert "2" in driver.find_element(By.ID, "answers").text  # Spain recorded twice
        screenshot(driver, "proposal-round-1")
        sign_out(driver)

        sign_in(driver, "secretariat")
        driver.get(proposal_url)
        move(driver, wait, "revised")
        assert status(driver) == "Revised", status(driver)
        driver.get(round_url)
        assert driver.find_element(By.ID, "round-state").text == "Closed"
        assert not driver.find_elements(By.ID, "save-position"), "a closed round still takes positions"
        sign_out(driver)

        sign_in(driver, "coordinator")
        driver.get(proposal_url)
        driver.find_element(By.ID, "edit-proposal").click()
        wait.until(EC.presence_of_element_located((By.ID, "save-proposal")))
        fill(driver, "form.stacked-form", "sections\\.funding",
             "Each port authority pays for its own analysts; a common fund pays for training.")
        fill(driver, "form.stacked-form", "note", "Takes in the US amendment")
        submit(driver, wait, "form.stacked-form")
        driver.find_element(By.ID, "compare-versions").click()
        wait.until(EC.presence_of_element_located((By.ID, "diff-funding")))
        funding = driver.find_element(By.ID, "diff-funding")
        removed = [e.text for e in funding.find_elements(By.CSS_SELECTOR, "del")]
        added = [e.text for e in funding.find_elements(By.CSS_SELECTOR, "ins")]
        assert removed == ["analysts."] and added == ["analysts; a common fund pays for training."], (removed, added)
        screenshot(driver, "proposal-diff")
        sign_out(driver)

        sign_in(driver, "secretariat")
        driver.get(proposal_url)
        submit(driver, wait, "#open-round")
        assert "Round 2 on version 2" in driver.find_element(By.TAG_NAME, "h1").text
        for member in ["CO", "ES", "GB", "CA", "US"]:
            record_position(driver, wait, member, "support", {})
        assert driver.find_element(By.ID, "tally-support").text == "5"
        driver.get(proposal_url)
        move(driver, wait, "endorsed")
        move(driver, wait, "presented")
        assert status(driver) == "Presented at the conference", status(driver)
        proposal_id = proposal_url.rstrip("/").split("/")[-1]
        driver.get(BASE_URL + "/conferences")
        driver.find_element(By.CSS_SELECTOR, "#conferences-table tbody a").click()
        wait.until(EC.presence_of_element_located((By.ID, "edit-conference")))
        driver.find_element(By.ID, "edit-conference").click()
        wait.until(EC.presence_of_element_located((By.ID, "conference-form")))
        Select(driver.find_element(By.ID, "session-2-proposals")).select_by_value(proposal_id)
        submit(driver, wait, "#conference-form")
        driver.find_element(By.ID, "edit-conference").click()
        wait.until(EC.presence_of_element_located((By.ID, "conference-form")))
        Select(driver.find_element(By.CSS_SELECTOR, f"select[name='outcomes.{proposal_id}']")).select_by_value("adopted")
        submit(driver, wait, "#conference-form")
        assert TITLE in driver.page_source and "Adopted" in driver.page_source
        screenshot(driver, "conference-programme")
        driver.get(proposal_url)
        assert status(driver) == "Adopted", status(driver)
        sign_out(driver)

        sign_in(driver, "coordinator")
        driver.get(proposal_url)
        Select(driver.find_element(By.ID, "spawn-countries")).select_by_value("HN")
        set_value(driver, "#spawn-start", "2027-03-01")
        set_value(driver, "#spawn-end", "2027-03-05")
        submit(driver, wait, "#spawn-activity")
        assert driver.find_element(By.ID, "spawned-from").text == TITLE
        assert "Pipeline" in driver.page_source or "pipeline" in driver.page_source.lower()
        screenshot(driver, "proposal-spawned-activity")
        # A choice the store refuses (a forged forum id) comes back on the page with its message.
        driver.execute_script(
            "const o = new Option('Nowhere', 'nowhere', true, true); document.getElementById('field-fora').add(o);")
        submit(driver, wait, "#fora-form")
        assert "nowhere" in driver.find_element(By.ID, "field-fora-error").text
        assert not driver.find_elements(By.ID, "linked-fora"), "the refused choice wrote nothing"
        screenshot(driver, "proposal-spawned-activity-fora-refused")
        Select(driver.find_element(By.ID, "field-fora")).deselect_all()
        Select(driver.find_element(By.ID, "field-fora")).select_by_value("oas-cicad")
        submit(driver, wait, "#fora-form")
        assert "CICAD" in driver.find_element(By.ID, "linked-fora").text
        driver.get(proposal_url)
        assert TITLE in driver.find_element(By.ID, "spawned").text
        # The forum shows what links to it: the proposal and the activity it spawned.
        driver.get(BASE_URL + "/fora/oas-cicad")
        assert TITLE in driver.find_element(By.ID, "linked-proposals").text
        assert TITLE in driver.find_element(By.ID, "linked-activities").text
        screenshot(driver, "forum-what-links-here")
        sign_out(driver)
        driver.get(BASE_URL + "/fora/oas-cicad")
        assert TITLE not in driver.page_source, "a visitor sees members-only links"

        sign_in(driver, "viewer")
        driver.get(proposal_url)
        assert TITLE in driver.find_element(By.TAG_NAME, "h1").text
        driver.get(round_url)
        assert not driver.find_elements(By.ID, "save-position"), "a viewer may answer"
        sign_out(driver)

        sign_in(driver, "partner")
        driver.get(proposal_url)
        assert "404" in driver.title or "Not found" in driver.page_source, driver.title
        print("proposals browser test passed")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
