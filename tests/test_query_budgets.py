"""Pinned query counts per page (issue 13): the case page makes at most 10 queries, whatever the
case holds and whoever reads it; the lists make the same few queries however many cases there
are. A new panel or list goes through the selectors' shapes, or this fails."""

import pytest
from django.urls import reverse

from lotse.cases import services
from lotse.cases.prechecks import case_run_precheck
from lotse.demo.stories import valid_intake

# session, user, the person's memberships, the case (with its company, chamber, next step and
# participations), the read log's insert, the log with its personal values, family, contacts;
# a lead's contact form lists the organisation's members, and the message and partner forms
# share one read of the organisations around the case. The clocks and the timeline's lines are
# folds of the log; the forecast's history is a cached aggregate (`deadlines.forecast`).
CASE_PAGE_BUDGET = 10
READERS = [
    ("company_hr", "Raman"),
    ("company_lead", "Kaya"),
    ("ihk_adviser", "Raman"),
    ("ihk_adviser", "Mendoza"),
    ("abh_city_caseworker", "Kaya"),
    ("aa_caseworker", "Kaya"),
    ("zentralstelle_caseworker", "El Amrani"),
    ("welcome_lead", "Nguyễn"),
    # completed: family, documents, every track, ten clocks, 60 events
    ("zentralstelle_caseworker", "Bondarenko"),
    ("company_lead", "Bondarenko"),
    ("ihk_adviser", "Bondarenko"),
]


@pytest.fixture(autouse=True)
def history_cached(db):
    """The forecast's history as a process holds it after its first page (an hour's cache; its
    read is one bounded walk, `deadlines/tests/test_forecast.py`)."""
    from lotse.deadlines.forecast import platform_history

    platform_history()


@pytest.mark.parametrize(("key", "worker"), READERS)
def test_the_case_page_stays_within_its_budget(
    key, worker, login, story, django_assert_max_num_queries
):
    client = login(key)
    client.get(reverse("ping"))  # the session's first request marks it seen (a write)
    page = reverse("cases:detail", args=[story(worker).pk])
    with django_assert_max_num_queries(CASE_PAGE_BUDGET):
        assert client.get(page).status_code == 200


def test_the_case_page_does_not_grow_with_the_log_the_family_or_the_contacts(
    login, cast, story, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = story("Raman")
    client = login("ihk_adviser")
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("cases:detail", args=[case.pk]))
    for _ in range(10):
        case_run_precheck(case=case, actor=cast("ihk_adviser"))
        services.case_contact_assign(case=case, actor=cast("ihk_lead"), membership=cast("ihk_lead"))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("cases:detail", args=[case.pk]))


def test_a_trivial_page_reads_session_user_and_memberships_once(login, django_assert_num_queries):
    client = login("ihk_adviser")
    client.get(reverse("ping"))  # the session's first request marks it seen (a write)
    with django_assert_num_queries(3):
        assert client.get(reverse("ping")).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/cases/", "/cases/?needs=me", "/cases/?mine=1", "/cases/?state=submitted", "/api/v1/cases"],
)
def test_a_list_makes_the_same_queries_with_more_cases(
    path, login, cast, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("company_hr")
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    # a page also counts the person's unread inbox threads (one query)
    assert len(few.captured_queries) <= (6 if path.startswith("/api/") else 7)
    for _ in range(60):
        services.case_create(actor=cast("company_hr"), fields=valid_intake())
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(path)
