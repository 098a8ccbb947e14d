"""The KERN frame in a browser: a language chosen on the login page survives the login, a
confirm dialog says the effect before anything is sent, and a phone never scrolls sideways."""

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.e2e.test_journey import no_serious_violations

pytestmark = pytest.mark.skipif(
    os.environ.get("LOTSE_SKIP_BROWSER") == "1", reason="browser tests switched off"
)


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_language_chosen_on_the_login_page_survives_the_login(page):
    page.goto(page.base_url + "/accounts/login/")
    page.select_option("#lang-select", "en")
    page.click("text=Sprache wechseln")
    assert page.inner_text("h1") == "Log in"
    log_in_here(page, "hr@mueller-technik.example")
    assert page.get_attribute("html", "lang") == "en"
    assert "Log out" in page.inner_text("header")


def log_in_here(page, email):
    from lotse.demo.cast import DEMO_PASSWORD

    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")


def test_ending_a_membership_asks_in_a_dialog_first(page):
    from lotse.orgs.models import Membership

    log_in(page, "admin@mueller-technik.example")
    page.goto(page.base_url + "/orgs/people/")
    row = page.locator("tr", has_text="hr@mueller-technik.example")
    row.locator("button[type=submit]", has_text="Mitgliedschaft beenden").click()
    dialog = page.locator("dialog[open]")
    expect(dialog).to_be_visible()
    assert "kann danach nicht mehr" in dialog.inner_text()
    dialog.locator("button", has_text="Abbrechen").click()
    expect(page.locator("dialog[open]")).to_have_count(0)
    assert Membership.objects.get(user__email="hr@mueller-technik.example").active
    row.locator("button[type=submit]", has_text="Mitgliedschaft beenden").click()
    page.locator("dialog[open] button", has_text="Mitgliedschaft beenden").click()
    expect(page.locator(".kern-alert--success")).to_be_visible()
    assert not Membership.objects.get(user__email="hr@mueller-technik.example").active


@pytest.mark.parametrize("width", [360, 1280])
def test_frame_pages_fit_a_phone_and_pass_axe(browser, demo_server, width):
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.base_url = demo_server
    for path in ("/accounts/login/", "/accounts/password-reset/"):
        page.goto(demo_server + path)
        assert not scrolls_sideways(page), path
        no_serious_violations(page)
    log_in(page, "admin@mueller-technik.example")
    for path in ("/orgs/people/", "/no-such-page/", "/cases/mails/failed/"):
        page.goto(demo_server + path)
        assert not scrolls_sideways(page), path
        no_serious_violations(page)
    page.goto(demo_server + "/orgs/people/")
    page.locator("main button[type=submit]", has_text="Mitgliedschaft beenden").first.click()
    expect(page.locator("dialog[open]")).to_be_visible()
    no_serious_violations(page)  # with the dialog open
    context.close()
