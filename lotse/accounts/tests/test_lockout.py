"""Lockout per account and address, a higher limit per address, the client address from a proxy
header only when configured, unlock by reset mail, reset mails limited."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from lotse.demo.cast import DEMO_PASSWORD

HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True


def attempt(email: str, password: str, address: str, **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(reverse("accounts:login"), {"username": email, "password": password})
    return response, client


def fail(email: str, address: str, times: int, **headers) -> None:
    for _attempt in range(times):
        attempt(email, "falsch", address, **headers)


def test_five_failures_lock_the_account_at_that_address_only(cast, settings):
    email = cast("ihk_adviser").user.email
    fail(email, HOME, settings.AXES_FAILURE_LIMIT)
    locked, _client = attempt(email, DEMO_PASSWORD, HOME)
    assert locked.status_code == 429
    elsewhere, client = attempt(email, DEMO_PASSWORD, ELSEWHERE)
    assert elsewhere.status_code == 302 and "_auth_user_id" in client.session


def test_a_locked_account_does_not_lock_a_colleague_at_the_same_address(cast, settings):
    fail(cast("ihk_adviser").user.email, HOME, settings.AXES_FAILURE_LIMIT)
    colleague, client = attempt(cast("ihk_lead").user.email, DEMO_PASSWORD, HOME)
    assert colleague.status_code == 302 and "_auth_user_id" in client.session


def test_the_login_is_counted_whatever_its_letter_case(cast, settings):
    email = cast("ihk_adviser").user.email
    for index in range(settings.AXES_FAILURE_LIMIT):
        attempt(email.upper() if index % 2 else email, "falsch", HOME)
    assert attempt(email, DEMO_PASSWORD, HOME)[0].status_code == 429


def test_many_accounts_tried_from_one_address_lock_that_address(cast, settings):
    settings.LOTSE_LOCKOUT_ADDRESS_LIMIT = 12
    for number in range(12):  # never five on one account
        fail(f"guess{number}@example.org", HOME, 1)
    blocked, _client = attempt(cast("company_hr").user.email, DEMO_PASSWORD, HOME)
    assert blocked.status_code == 429
    assert attempt(cast("company_hr").user.email, DEMO_PASSWORD, ELSEWHERE)[0].status_code == 302


def test_a_forwarded_header_counts_only_when_a_proxy_is_configured(cast, settings):
    email = cast("ihk_adviser").user.email
    spoofed = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    fail(email, HOME, settings.AXES_FAILURE_LIMIT, **spoofed)
    # unconfigured, the header is ignored: the failures counted against HOME
    assert (
        attempt(email, DEMO_PASSWORD, HOME, HTTP_X_FORWARDED_FOR="198.51.100.9")[0].status_code
        == 429
    )

    settings.LOTSE_PROXY_CLIENT_IP_HEADER = "X-Forwarded-For"
    email = cast("ihk_lead").user.email
    via_proxy = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    fail(email, HOME, settings.AXES_FAILURE_LIMIT, **via_proxy)
    assert attempt(email, DEMO_PASSWORD, HOME, **via_proxy)[0].status_code == 429
    other_client = {"HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert attempt(email, DEMO_PASSWORD, HOME, **other_client)[0].status_code == 302


def test_the_proxy_count_picks_the_address_the_trusted_proxy_wrote(rf, settings):
    from lotse.accounts.lockout import client_address

    settings.LOTSE_PROXY_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.LOTSE_PROXY_COUNT = 2
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7, 10.0.0.5", REMOTE_ADDR=HOME)
    assert client_address(request) == "203.0.113.7"  # the client's own first entry is not believed
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR=HOME)
    assert client_address(request) == HOME


def test_the_reset_mail_unlocks_the_account(cast, settings, mailoutbox):
    email = cast("ihk_adviser").user.email
    fail(email, HOME, settings.AXES_FAILURE_LIMIT)
    client = Client(REMOTE_ADDR=HOME)
    client.post(reverse("accounts:password_reset"), {"email": email})
    link = re.search(r"http://\S+/accounts/password-reset/\S+/\S+/", mailoutbox[-1].body).group(0)
    form_page = client.get(link.split("testserver", 1)[1], follow=True)
    new = "Neues-Passwort-2026!"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    unlocked, session = attempt(email, new, HOME)
    assert unlocked.status_code == 302 and "_auth_user_id" in session.session


def test_reset_mails_are_limited_per_account(cast, settings, mailoutbox):
    settings.LOTSE_RESET_MAILS_PER_ACCOUNT = 2
    email = cast("company_hr").user.email
    answers = [
        Client(REMOTE_ADDR=f"10.0.1.{n}").post(reverse("accounts:password_reset"), {"email": email})
        for n in range(3)
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert len(mailoutbox) == 2
    assert "erneut" in answers[-1].content.decode()


def test_reset_mails_are_limited_per_address(cast, settings, mailoutbox):
    settings.LOTSE_RESET_MAILS_PER_ADDRESS = 2
    client = Client(REMOTE_ADDR=HOME)
    keys = ["company_hr", "company_lead", "company_admin"]
    answers = [
        client.post(reverse("accounts:password_reset"), {"email": cast(key).user.email})
        for key in keys
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert len(mailoutbox) == 2


def test_counters_live_in_the_database(cast, settings):
    """Several web processes share the counters: they are rows, not one process's memory."""
    from axes.models import AccessAttempt

    from lotse.accounts.models import RateCount

    assert settings.AXES_HANDLER == "lotse.accounts.lockout.LockoutHandler"
    fail(cast("ihk_adviser").user.email, HOME, 1)
    Client(REMOTE_ADDR=HOME).post(reverse("accounts:password_reset"), {"email": "x@example.org"})
    assert AccessAttempt.objects.exists() and RateCount.objects.count() == 2
    assert not RateCount.objects.filter(key__contains="example").exists()  # hashed keys


def test_a_rate_limit_counts_per_window_and_forgets_old_ones(db):
    import datetime

    from lotse.accounts.models import RateCount
    from lotse.accounts.ratelimit import rate_take
    from lotse.core import clock

    hour = datetime.timedelta(hours=1)
    start = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    with clock.travel_to(start):
        taken = [rate_take(scope="t", source="a", limit=2, per=hour) for _ in range(3)]
    assert taken == [True, True, False]
    with clock.travel_to(start + hour):
        assert rate_take(scope="t", source="a", limit=2, per=hour)
    with clock.travel_to(start + 2 * datetime.timedelta(days=1)):
        rate_take(scope="t", source="b", limit=2, per=hour)
    assert RateCount.objects.count() == 1  # the old windows are gone
