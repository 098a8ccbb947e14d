"""The core journey in a real browser, and axe-core's accessibility check of its pages."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.skipif(
    os.environ.get("LOTSE_SKIP_BROWSER") == "1", reason="browser tests switched off"
)


def no_serious_violations(page) -> None:
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()


def test_company_opens_and_submits_a_case_and_the_chamber_forwards_it(page):
    log_in(page, "hr@mueller-technik.example")
    page.click("text=Neuen Vorgang anlegen")
    no_serious_violations(page)
    page.check("#id_consent_given")
    page.click("button[value=next]")
    steps = [
        {
            "#id_worker_first_name": "Olena",
            "#id_worker_last_name": "Kovalenko",
            "#id_worker_birth_date": "1990-04-12",
            "#id_worker_passport_number": "FX123456",
            "#id_languages": "de B1, en B2",
        },
        {
            "#id_qualification_title": "Elektronikerin",
            "#id_qualification_date": "2012-06-30",
        },
        {},
        {
            "#id_job_title": "Elektronikerin für Betriebstechnik",
            "#id_job_salary_eur": "47000",
            "#id_job_weekly_hours": "40",
            "#id_job_start_date": "2027-04-01",
        },
        {"#id_workplace_postcode": "30851"},
    ]
    choices = [
        {"#id_worker_citizenship": "UA"},
        {
            "#id_qualification_level": "vocational",
            "#id_qualification_country": "UA",
            "#id_recognition": "full",
        },
        {},
        {"#id_job_offer": "true"},
        {},
    ]
    for fields, selects in zip(steps, choices, strict=True):
        for selector, value in fields.items():
            page.fill(selector, value)
        for selector, value in selects.items():
            page.select_option(selector, value)
        if "#id_workplace_postcode" in fields:
            # htmx swaps in the municipality the postcode names while the form is being filled
            # in (a locator assertion, not wait_for_function: the CSP forbids the eval it needs)
            expect(page.locator("#id_workplace_municipality")).to_have_value("langenhagen")
        page.click("button[value=next]")
    page.click("main .intake-actions a.kern-btn--primary")  # no family member comes along
    no_serious_violations(page)
    page.select_option("#submit-chamber", "ihk-hannover")
    page.click("main form button[type=submit]")
    assert "Kovalenko" in page.inner_text("h1")
    page.click("#facts summary")  # the case's facts are folded below the next step
    assert "Langenhagen" in page.inner_text("#facts")  # pre-selected from the postcode
    no_serious_violations(page)
    assert "Bei der Kammer zur Vorprüfung" in page.inner_text(".status")
    case_url = page.url

    page.context.clear_cookies()
    log_in(page, "jana.petersen@hannover.ihk.example")
    page.goto(page.base_url + "/cases/?mine=1")
    assert "Kovalenko" in page.inner_text("main")
    page.goto(case_url)
    page.click("text=Vorprüfung durchführen")
    assert "§ 18a" in page.inner_text("main")
    no_serious_violations(page)
    # no documents uploaded: the forward form asks for the reason to forward nevertheless
    page.fill("#forward-text", "Die Unterlagen liegen der Kammer in Papierform vor.")
    page.click("text=An die zuständige Behörde weiterleiten")
    assert "An die Behörde weitergeleitet" in page.inner_text(".status")
    page.click("#history summary")
    assert "Zentralstelle" in page.inner_text(".timeline")


def test_invalid_input_is_shown_at_the_field_in_english(page):
    log_in(page, "hr@mueller-technik.example")
    page.click("form[action='/language/'] select")
    page.select_option("#lang-select", "en")
    page.click("text=Sprache wechseln")
    page.goto(page.base_url + "/cases/new/")
    page.check("#id_consent_given")
    page.click("button[value=next]")
    page.fill("#id_worker_birth_date", "2999-01-01")
    page.click("button[value=next]")
    assert "This date lies in the future." in page.inner_text("#id_worker_birth_date_error")
    page.fill("#id_worker_birth_date", "1990-01-01")
    page.click("button[value=next]")
    page.click("text=6. Places")
    page.fill("#id_workplace_postcode", "123")
    page.click("button[value=stay]")
    assert "five digits" in page.inner_text("#id_workplace_postcode_error")
    no_serious_violations(page)


def test_login_page_is_accessible(page):
    page.goto(page.base_url + "/accounts/login/")
    no_serious_violations(page)


def test_a_lead_finds_the_undelivered_mails_from_the_header(page):
    from lotse.cases.models import Case, Notification
    from lotse.core.models import MailStatus, OutboxMail
    from lotse.demo.cast import cast_membership

    adviser = cast_membership("ihk_adviser")
    case = Case.objects.get(worker_last_name="Raman")
    event = case.events.get(type="case.submitted")
    mail = OutboxMail.objects.create(
        to=adviser.user.email,
        user=adviser.user,
        kind="cases.event",
        context={"event": event.pk},
        status=MailStatus.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: 550 mailbox unavailable",
    )
    Notification.objects.create(
        event=event, user=adviser.user, organisation=adviser.organisation, mail=mail
    )
    log_in(page, "lead@hannover.ihk.example")
    page.click("text=Nicht zugestellte Mails")
    assert case.reference in page.inner_text("main")
    assert adviser.user.email in page.inner_text("main")
    no_serious_violations(page)
