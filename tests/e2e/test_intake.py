"""The intake in a real browser with the keyboard alone (Tab, Enter, Space, arrow keys; no
clicks), each step checked by axe-core at 1280 px and for sideways scrolling at 360 px."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.skipif(
    os.environ.get("LOTSE_SKIP_BROWSER") == "1", reason="browser tests switched off"
)

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def no_serious_violations(page) -> None:
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()


def fits_the_phone(page) -> None:
    """At 360 px the page does not scroll sideways; then back to the desktop width."""
    page.set_viewport_size(PHONE)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    page.set_viewport_size(WIDE)
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways at 360 px: {widths}"


def check(page) -> None:
    no_serious_violations(page)
    fits_the_phone(page)


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element `selector` has the focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.locator(f"{selector}:focus").count():
            return
    raise AssertionError(f"{selector} was not reached with Tab ({target.count()} found)")


# Dates are typed digit by digit into the browser's date control, whose order of day and month
# follows the browser's own locale: the dates here have day == month, so either order reads them.
def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def arrow_down(page, selector: str, times: int) -> None:
    """Choose an option of a closed select with the arrow key."""
    tab_to(page, selector)
    for _ in range(times):
        page.keyboard.press("ArrowDown")


def press_button(page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def no_field_errors(page) -> None:
    errors = page.locator(".kern-error")
    assert errors.count() == 0, errors.all_inner_texts()


def test_the_whole_intake_with_the_keyboard_alone(browser, demo_server):
    from lotse.cases.models import Case
    from lotse.demo.cast import DEMO_PASSWORD

    context = browser.new_context(locale="de-DE", viewport=WIDE)
    page = context.new_page()
    blocked = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(demo_server + "/accounts/login/")
    type_into(page, "#id_username", "hr@mueller-technik.example")
    type_into(page, "#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    press_button(page, "main a[href='/cases/new/']")
    # 1: the notice and the consent
    assert "Schritt 1 von 8" in page.inner_text("main")
    check(page)
    tab_to(page, "#id_consent_given")
    page.keyboard.press("Space")
    press_button(page, "button[value=next]")

    # 2: the worker
    assert "Schritt 2 von 8" in page.inner_text("main")
    check(page)
    type_into(page, "#id_worker_first_name", "Olena")
    type_into(page, "#id_worker_last_name", "Kovalenko")
    type_into(page, "#id_worker_birth_date", "04041990")
    type_into(page, "#id_worker_citizenship", "Ukraine")
    type_into(page, "#id_worker_passport_number", "FX123456")
    type_into(page, "#id_languages", "de B1, en B2")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a text field: the first button, "continue"

    no_field_errors(page)
    # 3: the qualification
    assert "Schritt 3 von 8" in page.inner_text("main")
    check(page)
    arrow_down(page, "#id_qualification_level", 2)  # vocational training
    type_into(page, "#id_qualification_country", "Ukraine")
    type_into(page, "#id_qualification_title", "Elektronikerin")
    type_into(page, "#id_qualification_date", "06062012")
    arrow_down(page, "#id_recognition", 3)  # full equivalence
    press_button(page, "button[value=next]")

    no_field_errors(page)
    # 4: the experience
    assert "Schritt 4 von 8" in page.inner_text("main")
    check(page)
    type_into(page, "#id_experience_years_last_5", "4")
    press_button(page, "button[value=next]")

    no_field_errors(page)
    # 5: the job, with a salary of 0 €: saved, with a warning
    assert "Schritt 5 von 8" in page.inner_text("main")
    check(page)
    arrow_down(page, "#id_job_offer", 1)  # yes
    type_into(page, "#id_job_title", "Elektronikerin für Betriebstechnik")
    type_into(page, "#id_job_salary_eur", "0")
    type_into(page, "#id_job_weekly_hours", "40")
    type_into(page, "#id_job_start_date", "04042027")
    press_button(page, "button[value=next]")
    assert "0 €" in page.inner_text("main [role=status]")

    no_field_errors(page)
    # 6: the places; the municipality follows the postcode
    assert "Schritt 6 von 8" in page.inner_text("main")
    check(page)
    type_into(page, "#id_workplace_postcode", "30851")
    expect(page.locator("#id_workplace_municipality")).to_have_value("langenhagen")
    press_button(page, "button[value=next]")

    no_field_errors(page)
    # 7: the family: a spouse comes along
    assert "Schritt 7 von 8" in page.inner_text("main")
    check(page)
    arrow_down(page, "#family_add-relation", 1)  # spouse
    type_into(page, "#family_add-first_name", "Andrij")
    type_into(page, "#family_add-last_name", "Kovalenko")
    type_into(page, "#family_add-birth_date", "02021988")
    press_button(page, "form:has(input[value=add]) button")
    assert "Andrij Kovalenko" in page.inner_text(".intake-family")
    check(page)
    press_button(page, "main .intake-actions a.kern-btn--primary")

    # 8: check and submit: the warning must be confirmed
    assert "Schritt 8 von 8" in page.inner_text("main")
    assert "0 €" in page.inner_text(".intake-warnings")
    check(page)
    arrow_down(page, "#submit-chamber", 1)
    press_button(page, "main form button[type=submit]")
    assert "0 €" in page.inner_text("#submit-confirm_warnings_error")
    check(page)
    tab_to(page, "#submit-confirm_warnings")
    page.keyboard.press("Space")
    press_button(page, "main form button[type=submit]")

    case = Case.objects.get(worker_last_name="Kovalenko")
    assert case.state == "submitted"
    assert case.worker_citizenship == "UA" and case.workplace_municipality == "langenhagen"
    assert case.family.get().first_name == "Andrij"
    assert case.worker_birth_date.isoformat() == "1990-04-04"
    assert case.job_start_date.isoformat() == "2027-04-04"
    assert page.url.endswith(f"/cases/{case.pk}/")
    context.close()
    assert not blocked, blocked


def test_the_intake_reads_in_english_at_phone_width(browser, demo_server):
    """The steps in English: progress and the needed-for-submission marks."""
    from lotse.cases.models import Case

    context = browser.new_context(locale="en-GB", viewport=PHONE)
    page = context.new_page()
    page.base_url = demo_server
    log_in(page, "hr@mueller-technik.example")
    case = Case.objects.get(worker_last_name="Jovanović")
    page.goto(f"{demo_server}/cases/{case.pk}/intake/person/")
    page.select_option("#lang-select", "en")
    page.click("text=Sprache wechseln")
    assert "Step 2 of 8" in page.inner_text("main")
    assert "needed for submission" in page.inner_text("main")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1]
    no_serious_violations(page)
    context.close()
