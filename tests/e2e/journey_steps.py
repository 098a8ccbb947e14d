"""The journey's steps as the people take them in their browsers (tests/e2e/test_whole_journey.py).

Each function acts in one person's page and then waits for the state it expects by polling the
page (Playwright's `expect`), never by sleeping. The words are the interface's own, in German or
English (`WORDS`), so that the same steps run in both languages.
"""

import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import Page, expect
from pypdf import PdfWriter

DATE = re.compile(r"\d{2}\.\d{2}\.\d{4}|\d{1,2} [A-Z][a-z]{2} \d{4}")  # German and English

# The demo's people in the journey (regions/hannover/organisations.yaml, lotse/demo/cast.py).
COMPANY = "hr@mueller-technik.example"
COMPANY_PERSON = "Julia Schmidt"
ADVISER = "jana.petersen@hannover.ihk.example"
ADVISER_PERSON = "Jana Petersen"
AUTHORITY = "anna.schulte@lab.niedersachsen.example"
AUTHORITY_PERSON = "Anna Schulte"
AGENCY = "katrin.wolff@arbeitsagentur.example"
AGENCY_PERSON = "Katrin Wolff"
WELCOME = "leila.haddad@wirtschaftsfoerderung-hannover.example"
WELCOME_PERSON = "Leila Haddad"

# What the chamber's adviser writes (free text, shown as written in either language).
RETURN_NOTE = "Bitte laden Sie das Zeugnis der Qualifikation hoch."
FORWARD_REASON = "Die übrigen Unterlagen liegen der Kammer in Papierform vor."

WORDS = {
    "de": {
        "draft": "Entwurf",
        "submitted": "Bei der Kammer zur Vorprüfung",
        "returned": "Zur Ergänzung zurückgegeben",
        "forwarded": "An die Behörde weitergeleitet",
        "in_procedure": "Im Verfahren nach § 81a AufenthG bei der Behörde",
        "completed": "Vorabzustimmung erteilt: Verfahren abgeschlossen",
        "yours": "Ihre Organisation",
        "book": "Buchen",
        "offer": "Anbieten",
        "no_date": "noch kein Termin gesetzt",
        "forecast": "Prognose",
        "self_check": "Selbstprüfung",
        "certificate": "Qualifikationsnachweis (Zeugnis)",
        "completed_on": "Abgeschlossen am",
        "agreement": "Vereinbarung nach § 81a Abs. 2 AufenthG: entworfen",
        "concluded": "Vereinbarung nach § 81a Abs. 2 AufenthG: geschlossen",
        "consent_given": "Zustimmung der Bundesagentur für Arbeit: erteilt",
        "recognised": "Anerkennung oder Vergleichbarkeit: entschieden",
        "preapproved": "Vorabzustimmung: erteilt",
        "visa_issued": "Visum: erteilt",
    },
    "en": {
        "draft": "Draft",
        "submitted": "With the chamber for pre-check",
        "returned": "Returned for completion",
        "forwarded": "Forwarded to the authority",
        "in_procedure": "In the procedure under § 81a AufenthG at the authority",
        "completed": "Pre-approval issued: procedure completed",
        "yours": "Your organisation",
        "book": "Book",
        "offer": "Offer",
        "no_date": "no date set yet",
        "forecast": "Forecast",
        "self_check": "Self-check",
        "certificate": "Qualification certificate",
        "completed_on": "Completed on",
        "agreement": "Agreement under § 81a Abs. 2 AufenthG: drafted",
        "concluded": "Agreement under § 81a Abs. 2 AufenthG: concluded",
        "consent_given": "Consent of the Federal Employment Agency: given",
        "recognised": "Recognition or comparability: decided",
        "preapproved": "Pre-approval (Vorabzustimmung): issued",
        "visa_issued": "Visa: issued",
    },
}


@dataclass
class Journey:
    """What the steps share: the server, the language and the case once it exists."""

    base_url: str
    language: str
    worker_last_name: str
    worker_email: str
    files: Path
    case_url: str = ""
    reference: str = ""

    @property
    def case_path(self) -> str:
        return self.case_url.removeprefix(self.base_url)

    @property
    def words(self) -> dict[str, str]:
        return WORDS[self.language]


def log_in(page: Page, journey: Journey, email: str) -> None:
    from lotse.demo.cast import DEMO_PASSWORD

    page.goto(journey.base_url + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    expect(page.locator("#id_username")).to_have_count(0)


def choose_language(page: Page, journey: Journey) -> None:
    """The header's language form, as a person uses it (kept on the account)."""
    page.goto(journey.base_url + "/")
    page.select_option("#lang-select", journey.language)
    with page.expect_navigation():
        page.locator("form[action='/language/'] button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", journey.language)


FIRST = object()  # take_step(…, document=FIRST): the first document offered


def step_form(page: Page, key: str):
    """The case page's form of the step `key` (its action is the step's own route)."""
    return page.locator(f"form[action$='/{key.replace('_', '-')}/']")


def unfold(page: Page, element) -> None:
    """Open the disclosures around `element` (a section of the page, a folded step)."""
    for folded in page.locator("details", has=element).all():  # the outer ones first
        if not folded.evaluate("element => element.open"):
            folded.locator("summary").first.click()


def take_step(page: Page, key: str, **fields) -> None:
    """Open the step if folded (a link to the page with its form open, or a disclosure), fill
    its fields (by name) and send it."""
    form = step_form(page, key)
    opener = page.locator(f"#step-{key} a.case-step-open")
    if not form.count() and opener.count():
        unfold(page, opener)
        with page.expect_navigation():
            opener.click()
    expect(form).to_have_count(1)
    unfold(page, form)
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        kind = field.first.evaluate("element => element.tagName + ':' + (element.type || '')")
        if kind.startswith("SELECT") and value is FIRST:
            field.select_option(index=1)  # the first choice after "please choose"
        elif kind.startswith("SELECT"):
            field.select_option(value)
        elif kind.endswith(":file"):
            field.set_input_files(value)
        elif kind.endswith(":checkbox"):
            field.check()
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def pdf(path: Path) -> Path:
    """A one-page PDF: the stand-in for a scanned certificate or signed letter."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    return path


def case_row(page: Page, journey: Journey):
    """The case's row on the start page (a table row; a card on a phone)."""
    return page.locator("tr.worklist-case").filter(
        has=page.locator(f"a[href='{journey.case_path}']")
    )


def company_sees(
    page: Page,
    journey: Journey,
    *,
    state: str,
    owner: str,
    contacts: tuple[str, ...] = (),
    due: bool = False,
    forecast: bool | str = True,
) -> None:
    """The company's start page and case page agree and say the state, the next step with its
    owner and due date, the named contact persons and the forecast."""
    words = journey.words
    page.goto(journey.case_url)
    expect(page.locator(".case-state")).to_contain_text(words[state])
    next_step = page.locator(".case-next-step").inner_text().strip()
    assert next_step, "the case page names no next step"
    expect(page.locator(".case-next .waiting")).to_contain_text(owner)
    for contact in contacts:
        expect(page.locator(".case-contacts")).to_contain_text(contact)
    due_line = page.locator(".case-next .due")
    if due:
        expect(due_line.locator("time")).to_have_count(1)
        due_date = due_line.locator("time").inner_text().strip()
    else:
        expect(due_line).to_contain_text(words["no_date"])
    if forecast == "done":  # the pre-approval's day, no longer a range
        expect(page.locator("#forecast")).to_contain_text(words["completed_on"])
    elif forecast:
        expect(page.locator("#forecast .forecast-range")).to_contain_text(DATE)
    else:
        expect(page.locator("#forecast")).to_have_count(0)
    page.goto(journey.base_url + "/cases/")
    row = case_row(page, journey)
    expect(row).to_have_count(1)
    cells = row.locator("td")
    expect(cells.nth(0)).to_have_text(words[state])
    expect(cells.nth(1)).to_have_text(next_step)
    expect(cells.nth(2)).to_contain_text(owner)
    expect(cells.nth(4)).to_contain_text(due_date if due else "—")


def shows_after_reload(page: Page, url: str, text: str, timeout: float = 60) -> None:
    """Load `url` again until its main part shows `text` (a worker process acts meanwhile)."""
    import time

    deadline = time.monotonic() + timeout
    page.goto(url)
    while text not in page.locator("main").inner_text():
        assert time.monotonic() < deadline, f"{url} did not show {text!r} within {timeout} s"
        page.wait_for_timeout(300)  # the poll's interval
        page.reload()


# --- the steps ----------------------------------------------------------------------------------


def welcome_offers_a_slot(page: Page, journey: Journey, place: str, hour: int) -> None:
    """The Welcome Center's adviser offers a first consultation ten days ahead at `hour` (one
    open slot per adviser and start)."""
    import datetime

    day = datetime.datetime.now(tz=datetime.UTC).date() + datetime.timedelta(days=10)
    page.goto(journey.base_url + "/welcome/consultations/")
    form = page.locator("main form").filter(has=page.locator("#id_starts_at"))
    form.locator("[name=starts_at]").fill(f"{day}T{hour:02}:00")
    form.locator("[name=ends_at]").fill(f"{day}T{hour:02}:45")
    form.locator("[name=place]").fill(place)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(place)


def company_books_and_opens_the_case(page: Page, journey: Journey, place: str) -> None:
    page.goto(journey.base_url + "/welcome/consultations/")
    offer = page.locator("main li").filter(has_text=place).filter(has=page.locator("textarea"))
    offer.locator("textarea[name=need]").fill("Wir möchten eine Elektronikerin einstellen.")
    expect(offer.locator("select[name=case]")).to_have_value("")  # a new draft case
    with page.expect_navigation():
        offer.locator("button[type=submit]").click()
    expect(page.locator(".case-state")).to_contain_text(journey.words["draft"])
    journey.case_url = page.url
    journey.reference = re.search(r"\d{4}-[0-9A-F]{8}", page.locator("h1").inner_text()).group(0)


INTAKE = [
    (
        {
            "worker_first_name": "Olena",
            "worker_birth_date": "1990-04-12",
            "worker_passport_number": "FX123456",
            "languages": "de B1, en B2",
        },
        {"worker_citizenship": "UA"},
    ),
    (
        {"qualification_title": "Elektronikerin", "qualification_date": "2012-06-30"},
        {"qualification_level": "vocational", "qualification_country": "UA", "recognition": "full"},
    ),
    ({}, {}),
    (
        {
            "job_title": "Elektronikerin für Betriebstechnik",
            "job_salary_eur": "47000",
            "job_weekly_hours": "40",
            "job_start_date": "2027-04-01",
        },
        {"job_offer": "true"},
    ),
    ({"workplace_postcode": "30851"}, {}),
]


def company_fills_in_the_intake(page: Page, journey: Journey) -> None:
    """From the case page through the intake's steps, then back to the case page."""
    page.goto(journey.case_url + "intake/consent/")
    page.check("#id_consent_given")
    page.click("button[value=next]")
    for number, (fields, choices) in enumerate(INTAKE):
        if number == 0:
            fields = fields | {
                "worker_last_name": journey.worker_last_name,
                "worker_email": journey.worker_email,
            }
        for name, value in fields.items():
            page.fill(f"#id_{name}", value)
        for name, value in choices.items():
            page.select_option(f"#id_{name}", value)
        if "workplace_postcode" in fields:
            # htmx names the municipality the postcode lies in (a locator assertion, not
            # wait_for_function: the CSP forbids the eval it needs)
            expect(page.locator("#id_workplace_municipality")).to_have_value("langenhagen")
        with page.expect_navigation():
            page.click("button[value=next]")
        expect(page.locator("main .kern-form-input__error, main .errorlist")).to_have_count(0)
    page.goto(journey.case_url)
    expect(page.locator("h1")).to_contain_text(journey.worker_last_name)


def company_runs_the_self_check(page: Page, journey: Journey) -> None:
    page.goto(journey.case_url)
    take_step(page, "precheck")
    page.locator("#precheck summary").first.click()
    expect(page.locator("#precheck p.status")).to_contain_text(journey.words["self_check"])
    expect(page.locator("#precheck")).to_contain_text("§ 18a AufenthG")


def company_submits(page: Page, journey: Journey) -> None:
    page.goto(journey.case_url)
    take_step(page, "submit", chamber="ihk-hannover")
    expect(page.locator(".case-state")).to_contain_text(journey.words["submitted"])


def adviser_prechecks_and_returns(page: Page, journey: Journey) -> None:
    page.goto(journey.base_url + "/cases/?mine=1")
    expect(case_row(page, journey)).to_contain_text(journey.words["submitted"])
    page.goto(journey.case_url)
    take_step(page, "precheck")
    expect(page.locator("#precheck")).to_contain_text("§ 18a AufenthG")
    take_step(page, "return", text=RETURN_NOTE)
    expect(page.locator(".case-state")).to_contain_text(journey.words["returned"])


def company_sends_the_upload_link(page: Page, journey: Journey) -> None:
    page.goto(journey.case_url)
    expect(page.locator("main")).to_contain_text(RETURN_NOTE)
    take_step(page, "send_upload_link", email=journey.worker_email)
    expect(page.locator("main")).to_contain_text(journey.worker_email)


def worker_uploads_from_the_mail(page: Page, journey: Journey, link: str) -> None:
    """The worker on a phone: the link from the mail, the note of the return, the upload."""
    page.goto(link)
    expect(page.locator("main")).to_contain_text(RETURN_NOTE)
    form = page.locator("main form").filter(has=page.locator("input[type=file]"))
    form.locator("select[name=kind]").select_option("qualification_certificate")
    form.locator("select[name=language]").select_option("uk")
    form.locator("input[type=file]").set_input_files(pdf(journey.files / "zeugnis.pdf"))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("main [role=status]")).to_have_count(1)
    expect(page.locator("main li").filter(has_text=journey.words["certificate"])).to_have_count(1)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= page.viewport_size["width"], f"the link page scrolls sideways ({wide} px)"


def company_submits_again(page: Page, journey: Journey) -> None:
    page.goto(journey.case_url)
    expect(page.locator("main")).to_contain_text(journey.words["certificate"])
    take_step(page, "submit", chamber="ihk-hannover")
    expect(page.locator(".case-state")).to_contain_text(journey.words["submitted"])


def adviser_forwards(page: Page, journey: Journey) -> None:
    page.goto(journey.case_url)
    take_step(page, "forward", text=FORWARD_REASON)
    expect(page.locator(".case-state")).to_contain_text(journey.words["forwarded"])


def authority_accepts_from_its_inbox(page: Page, journey: Journey) -> None:
    """The dossier reaches the inbox once the worker process delivered it."""
    shows_after_reload(page, journey.base_url + "/forwarding/inbox/", journey.reference)
    with page.expect_navigation():
        page.locator("main a", has_text=journey.reference).first.click()
    take_step(page, "accept_dossier")
    expect(page.locator(".case-state")).to_contain_text(journey.words["in_procedure"])


def upload(page: Page, journey: Journey, kind: str, name: str) -> None:
    """Add a document to the case on its page (the documents section's upload step)."""
    page.goto(journey.case_url)
    take_step(page, "upload_document", kind=kind, file=pdf(journey.files / name))


def authority_drafts_the_agreement_and_asks_for_consent(page: Page, journey: Journey) -> None:
    page.goto(journey.case_url)
    take_step(page, "agreement_draft")
    take_step(page, "request_consent")
    expect(page.locator(".case-next")).to_contain_text(journey.words["agreement"])


def agency_consents(page: Page, journey: Journey) -> None:
    page.goto(journey.base_url + "/cases/")
    expect(case_row(page, journey)).to_have_count(1)
    page.goto(journey.case_url)
    take_step(page, "decide_consent", decision="given")
    expect(page.locator(".case-next")).to_contain_text(journey.words["consent_given"])


def signs_the_agreement(page: Page, journey: Journey, name: str) -> None:
    """Each side's signature is its uploaded signed copy (a click is not a signature)."""
    upload(page, journey, "agreement_signed", name)
    take_step(page, "agreement_sign", document=FIRST)


def authority_concludes_and_applies_for_recognition(page: Page, journey: Journey) -> None:
    page.goto(journey.case_url)
    take_step(page, "agreement_conclude", fee_debtor="employer")
    expect(page.locator(".case-next")).to_contain_text(journey.words["concluded"])
    take_step(page, "recognition_apply", occupation="ihk_occupation")


def chamber_records_the_recognition(page: Page, journey: Journey) -> None:
    """The IHK decides the recognition on the platform (§ 14a BQFG): receipt, then the decision."""
    page.goto(journey.case_url)
    take_step(page, "recognition_confirm_receipt")
    take_step(page, "recognition_decide", outcome="full")
    expect(page.locator(".case-next")).to_contain_text(journey.words["recognised"])


def authority_issues_the_preapproval(page: Page, journey: Journey) -> None:
    page.goto(journey.case_url)
    take_step(page, "preapproval_issue")
    expect(page.locator(".case-state")).to_contain_text(journey.words["completed"])
    expect(page.locator(".case-next")).to_contain_text(journey.words["preapproved"])


def download_the_preapproval_letter(page: Page) -> None:
    """The pre-approval's letter, a document of the case, as the company downloads it."""
    link = page.locator('a[data-letter="pre_approval"]')
    expect(link).to_have_count(1)
    answer = page.request.get(urljoin(page.url, link.get_attribute("href")))
    assert answer.ok, answer.status
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF-")


def company_reports_the_visa(page: Page, journey: Journey) -> None:
    """What the worker tells the company, reported step by step (§ 31a AufenthV)."""
    page.goto(journey.case_url)
    download_the_preapproval_letter(page)
    for key in ("visa_request_appointment", "visa_book_appointment", "visa_apply", "visa_issue"):
        take_step(page, key)
    expect(page.locator(".case-next")).to_contain_text(journey.words["visa_issued"])
