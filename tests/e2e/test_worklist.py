"""Each demo role in a real browser: the start page shows what needs them first, the case page
says the next step and who takes it above the fold, and neither scrolls sideways on a phone."""

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.skipif(
    os.environ.get("LOTSE_SKIP_BROWSER") == "1", reason="browser tests switched off"
)

# Each role's cases whose next step lies with its organisation (demo/stories.py); a role with
# none opens the case it sees.
ROLES = {
    "company_hr": {"Nair", "Jovanović", "Bondarenko"},
    "other_company_hr": set(),
    "ihk_adviser": {"Raman"},
    "hwk_adviser": set(),
    "abh_city_caseworker": set(),
    "abh_region_caseworker": {"Nguyễn"},
    "zentralstelle_caseworker": {"Mendoza", "El Amrani"},
    "aa_caseworker": {"Kaya", "Ramírez"},
    "jobcenter_employer_service": set(),
    "welcome_adviser": set(),
}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def scrolls_sideways(page) -> bool:
    width = page.evaluate("document.documentElement.scrollWidth")
    return width > page.evaluate("document.documentElement.clientWidth")


def open_case(page, worker: str) -> None:
    """From the start page, open the case of the worker with this last name."""
    page.locator("main tr", has_text=worker).locator("a").click()
    expect(page.locator("h1")).to_contain_text(worker)


def in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= DESKTOP["height"]


@pytest.mark.parametrize("key", sorted(ROLES))
def test_each_role_sees_what_needs_it_first_and_the_next_step_at_a_glance(page, key):
    from lotse.demo.cast import cast_membership

    page.set_viewport_size(DESKTOP)
    log_in(page, cast_membership(key).user.email)
    expect(page.locator("h1")).to_have_text("Vorgänge")  # the start page after login
    first_row = page.locator("main table tbody tr").first
    sections = page.locator("main section h2").all_inner_texts()
    if ROLES[key]:
        assert sections[0].startswith("Wartet auf Sie")
        assert any(name in first_row.inner_text() for name in ROLES[key])
    else:
        expect(page.locator("main")).to_contain_text("Gerade wartet nichts auf Ihre Organisation")
    start = page.url

    first_row.locator("a").click()
    expect(page.locator(".case-next")).to_contain_text("Nächster Schritt")
    assert in_viewport(page, ".case-next .case-next-step")
    assert in_viewport(page, ".case-next .waiting")
    if ROLES[key]:
        expect(page.locator(".case-next .waiting")).to_contain_text("Ihre Organisation")

    page.set_viewport_size(PHONE)
    assert not scrolls_sideways(page)
    page.goto(start)
    assert not scrolls_sideways(page)


def test_the_phone_page_of_a_forwarded_case_is_short_and_clips_no_table(page):
    page.set_viewport_size(PHONE)
    log_in(page, "hr@mueller-technik.example")
    open_case(page, "Kaya")  # forwarded, consent asked
    for section in page.locator("details.case-section").all():
        section.locator("summary").first.click()  # open everything a reader might unfold
    assert not scrolls_sideways(page)
    page.reload()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4000, height  # folded: the former page was 16,542 px long


def test_withdrawing_asks_in_a_dialog_that_says_the_effect(page):
    page.set_viewport_size(DESKTOP)
    log_in(page, "hr@mueller-technik.example")
    open_case(page, "Jovanović")
    with page.expect_navigation():
        page.click("text=Vorgang zurückziehen …")  # the page again, with the step open
    case_url = page.url
    page.click("form[data-confirm] button[type=submit]")
    dialog = page.locator("dialog#confirm-withdraw")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("lässt sich nicht wieder öffnen")
    dialog.locator("[data-confirm-cancel]").click()
    expect(dialog).to_be_hidden()
    assert page.url == case_url and "Entwurf" in page.inner_text(".status")
    page.click("form[data-confirm] button[type=submit]")
    dialog.locator("[data-confirm-ok]").click()
    expect(page.locator(".status").first).to_contain_text("Zurückgezogen")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_start_page_and_case_page_pass_axe(page, viewport):
    from tests.e2e.test_journey import no_serious_violations

    page.set_viewport_size(viewport)
    log_in(page, "jana.petersen@hannover.ihk.example")
    no_serious_violations(page)
    open_case(page, "Raman")  # the adviser's own step: every kind of action is on the page
    for section in page.locator("details").all():
        if section.is_visible() and section.get_attribute("open") is None:
            section.locator("summary").first.click()
    no_serious_violations(page)
    assert not scrolls_sideways(page)  # also with every section and step form open
