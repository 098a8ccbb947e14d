"""Idle timeout (sooner for partners' staff) and a maximum session age."""

import time

from django.urls import reverse

from lotse.accounts.sessions import SEEN, STARTED


def age(client, **seconds_ago: float) -> None:
    session = client.session
    now = time.time()
    session[SEEN] = now - seconds_ago.get("seen", 0)
    session[STARTED] = now - seconds_ago.get("started", 0)
    session.save()


def test_partner_staff_are_logged_out_after_thirty_idle_minutes(login, settings):
    client = login("ihk_adviser")
    assert client.get(reverse("cases:list")).status_code == 200
    age(client, seen=29 * 60)
    assert client.get(reverse("cases:list")).status_code == 200
    age(client, seen=31 * 60)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_companys_people_have_a_longer_idle_limit(login, settings):
    client = login("company_hr")
    client.get(reverse("cases:list"))
    age(client, seen=31 * 60)
    assert client.get(reverse("cases:list")).status_code == 200
    age(client, seen=settings.LOTSE_SESSION_IDLE_MINUTES * 60 + 1)
    assert client.get(reverse("cases:list")).status_code == 302


def test_a_busy_session_still_ends_at_the_maximum_age(login, settings):
    client = login("company_hr")
    client.get(reverse("cases:list"))
    age(client, started=settings.LOTSE_SESSION_MAX_HOURS * 3600 + 1)
    assert client.get(reverse("cases:list")).status_code == 302


def test_the_api_answers_401_after_the_timeout(login):
    client = login("ihk_adviser")
    client.get("/api/v1/cases")
    age(client, seen=31 * 60)
    response = client.get("/api/v1/cases")
    assert response.status_code == 401
