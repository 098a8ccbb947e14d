"""The whole journey (issue 20): the platform as its people use it, from a company's first
consultation to the worker's visa, in real browsers against the real processes.

The world (tests/e2e/journey.py) is a web server, a `db_worker` and the `periodic` scheduler as
processes on a PostgreSQL database of the journey's own, with an SMTP server on loopback that
receives every mail; nothing runs on the test settings' immediate backends. Six people act in
browser contexts of their own, open side by side: the company's HR, the Welcome Center's adviser,
the IHK's adviser, the worker on a 360 px phone, the Zentralstelle's caseworker and the Agentur
für Arbeit's. At each step the company's start page and case page must show the state, the next
step with who takes it and by when, the named contact persons and the forecast.

The journey runs in German; the company's and the worker's steps run again in English at phone
width, in the same world (one test: its start costs more than either run). A failing step saves a
screenshot and the HTML of its pages (the path is printed). Marked `journey` (`pytest -m journey`
runs it alone); the test has a time ceiling, and the time of each run and of the world's start
are printed at the end of the run.
"""

import os
import time

import pytest
from playwright.sync_api import expect

from tests.e2e import journey_steps as steps
from tests.e2e.journey import postgres_problem, step, world_running

pytestmark = [
    pytest.mark.journey,
    pytest.mark.skipif(
        os.environ.get("LOTSE_SKIP_BROWSER") == "1", reason="browser tests switched off"
    ),
]

CEILING_SECONDS = 600  # both runs; about 2.5 minutes on this shared machine under load
PHONE = {"width": 360, "height": 780}
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def world(tmp_path_factory):
    if problem := postgres_problem():
        pytest.fail(f"the journey needs PostgreSQL: {problem} (LOTSE_JOURNEY_POSTGRES names it)")
    started = time.monotonic()
    with world_running(tmp_path_factory.mktemp("journey-world")) as running:
        running.setup_seconds = time.monotonic() - started
        yield running


@pytest.fixture
def people(browser, world):
    """Open browser contexts by role; all closed after the test."""
    contexts = []

    def person(email: str, journey: steps.Journey, viewport=DESK):
        context = browser.new_context(locale=f"{journey.language}-DE", viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        if email:
            steps.log_in(page, journey, email)
            steps.choose_language(page, journey)
        return page

    yield person
    for context in contexts:
        context.close()


@pytest.fixture
def ceiling(record_property, world):
    """The test's time ceiling (an alarm in this worker); `ceiling(name)` times one part, and
    the times (and the world's start) are printed at the end of the run (conftest.py)."""
    import signal
    from contextlib import contextmanager

    def too_long(signum, frame):
        raise TimeoutError(f"the journey took longer than its ceiling of {CEILING_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(CEILING_SECONDS)
    record_property("journey_world_seconds", round(world.setup_seconds, 1))

    @contextmanager
    def timed(name: str):
        started = time.monotonic()
        yield
        record_property("journey_seconds", (name, round(time.monotonic() - started, 1)))

    yield timed
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_the_whole_journey_in_german_then_the_company_and_the_worker_in_english(
    world, people, ceiling, tmp_path
):
    """One world for both runs (its start costs more than either run)."""
    with ceiling("German, every role"):
        whole_journey_in_german(world, people, tmp_path / "de")
    with ceiling("English at phone width, the company and the worker"):
        company_and_worker_in_english_on_a_phone(world, people, tmp_path / "en")


def whole_journey_in_german(world, people, tmp_path):
    tmp_path.mkdir()
    journey = steps.Journey(
        world.base_url, "de", "Kovalenko", "olena.kovalenko@example.org", tmp_path
    )
    words = journey.words
    failed = tmp_path / "failed"
    yours = f"{words['yours']} · {steps.COMPANY_PERSON}"
    company = people(steps.COMPANY, journey)
    welcome = people(steps.WELCOME, journey)
    adviser = people(steps.ADVISER, journey)
    worker = people("", journey, PHONE)
    authority = people(steps.AUTHORITY, journey)
    agency = people(steps.AGENCY, journey)
    place = f"Welcome Center, Raum 2 ({journey.worker_last_name})"

    with step("first consultation", failed, welcome, company):
        steps.welcome_offers_a_slot(welcome, journey, place, hour=11)
        steps.company_books_and_opens_the_case(company, journey, place)
        welcome.goto(world.base_url + "/cases/")  # the adviser takes part in the new case
        expect(steps.case_row(welcome, journey)).to_have_count(1)
        steps.company_sees(
            company,
            journey,
            state="draft",
            owner=yours,
            contacts=(steps.WELCOME_PERSON,),
            forecast=False,
        )
    with step("intake and self-check", failed, company):
        steps.company_fills_in_the_intake(company, journey)
        steps.company_runs_the_self_check(company, journey)
    with step("submission", failed, company):
        steps.company_submits(company, journey)
        steps.company_sees(
            company,
            journey,
            state="submitted",
            owner=steps.ADVISER_PERSON,
            contacts=(steps.ADVISER_PERSON, steps.WELCOME_PERSON),
        )
    with step("pre-check and return", failed, adviser, company):
        steps.adviser_prechecks_and_returns(adviser, journey)
        steps.company_sees(
            company, journey, state="returned", owner=yours, contacts=(steps.ADVISER_PERSON,)
        )
    with step("upload link by mail", failed, company, worker):
        steps.company_sends_the_upload_link(company, journey)
        link = world.mailbox.wait_for(journey.worker_email, r"https?://\S+/upload/[^/\s]+/")
        assert link.startswith(world.base_url)
        steps.worker_uploads_from_the_mail(worker, journey, link)
    with step("resubmission and forwarding", failed, company, adviser):
        steps.company_submits_again(company, journey)
        steps.adviser_forwards(adviser, journey)
        steps.company_sees(
            company,
            journey,
            state="forwarded",
            owner="Zentralstelle",
            contacts=(steps.ADVISER_PERSON,),
        )
    with step("acceptance from the inbox", failed, authority, company):
        steps.authority_accepts_from_its_inbox(authority, journey)
        steps.company_sees(
            company,
            journey,
            state="in_procedure",
            owner=steps.AUTHORITY_PERSON,
            contacts=(steps.AUTHORITY_PERSON, steps.ADVISER_PERSON),
        )
    with step("agreement and consent", failed, authority, agency, company):
        steps.authority_drafts_the_agreement_and_asks_for_consent(authority, journey)
        # the agreement waits for the company's signature; the consent's week runs (due date)
        steps.company_sees(company, journey, state="in_procedure", owner=yours, due=True)
        steps.agency_consents(agency, journey)
        steps.signs_the_agreement(company, journey, "vereinbarung-unternehmen.pdf")
        steps.signs_the_agreement(authority, journey, "vereinbarung-behoerde.pdf")
    with step("recognition", failed, authority, adviser):
        steps.authority_concludes_and_applies_for_recognition(authority, journey)
        steps.chamber_records_the_recognition(adviser, journey)
    with step("pre-approval", failed, authority, company):
        steps.authority_issues_the_preapproval(authority, journey)
        steps.company_sees(
            company,
            journey,
            state="completed",
            owner=yours,
            contacts=(steps.AUTHORITY_PERSON,),
            due=True,
            forecast="done",
        )
    with step("visa", failed, company):
        steps.company_reports_the_visa(company, journey)
    world.check_running()
    # every mail went out once: no address got the same subject twice for one case event
    subjects = [
        (m["X-Journey-Rcpt"], m["Subject"], m["Message-ID"]) for m in world.mailbox.messages
    ]
    assert len({message_id for *_rest, message_id in subjects}) == len(subjects)


def company_and_worker_in_english_on_a_phone(world, people, tmp_path):
    """The company's and the worker's steps again, in English at phone width; the partners'
    steps between them in German at desk width, as their staff work."""
    tmp_path.mkdir()
    journey = steps.Journey(
        world.base_url, "en", "Marchenko", "iryna.marchenko@example.org", tmp_path
    )
    german = steps.Journey(world.base_url, "de", "Marchenko", "", tmp_path)
    words = journey.words
    failed = tmp_path / "failed"
    yours = f"{words['yours']} · {steps.COMPANY_PERSON}"
    company = people(steps.COMPANY, journey, PHONE)
    worker = people("", journey, PHONE)
    welcome = people(steps.WELCOME, german)
    adviser = people(steps.ADVISER, german)
    place = f"Welcome Center, room 3 ({journey.worker_last_name})"

    with step("first consultation (en)", failed, welcome, company):
        steps.welcome_offers_a_slot(welcome, german, place, hour=15)
        steps.company_books_and_opens_the_case(company, journey, place)
        german.case_url, german.reference = journey.case_url, journey.reference
    with step("intake, self-check and submission (en)", failed, company):
        steps.company_fills_in_the_intake(company, journey)
        steps.company_runs_the_self_check(company, journey)
        steps.company_submits(company, journey)
        steps.company_sees(
            company,
            journey,
            state="submitted",
            owner=steps.ADVISER_PERSON,
            contacts=(steps.ADVISER_PERSON,),
        )
    with step("return (de)", failed, adviser):
        steps.adviser_prechecks_and_returns(adviser, german)
    with step("upload link and upload (en)", failed, company, worker):
        steps.company_sees(company, journey, state="returned", owner=yours)
        steps.company_sends_the_upload_link(company, journey)
        link = world.mailbox.wait_for(journey.worker_email, r"https?://\S+/upload/[^/\s]+/")
        steps.worker_uploads_from_the_mail(worker, journey, link)
        steps.company_submits_again(company, journey)
        steps.company_sees(company, journey, state="submitted", owner=steps.ADVISER_PERSON)
    for page in (company, worker):
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= PHONE["width"], f"{page.url} scrolls sideways at 360 px ({wide} px)"
