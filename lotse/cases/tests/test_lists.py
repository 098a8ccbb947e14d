"""The list selectors give what the visibility rule gives: the same cases, in order, each once,
however they are paged (on SQLite and PostgreSQL alike; the plans are in tests/test_list_plans.py)."""

import datetime
from functools import partial

import pytest

from lotse.cases.models import Case, CaseContact, NextStep, Participant
from lotse.cases.selectors import cases_for_list, worklist_for
from lotse.cases.services import case_create
from lotse.cases.visibility import visible_to
from lotse.core import clock
from lotse.core.pagination import BadCursor, cursor_for
from lotse.demo.stories import valid_intake

CAST = [
    "company_hr",
    "other_company_hr",
    "ihk_adviser",
    "ihk_lead",
    "hwk_adviser",
    "abh_city_caseworker",
    "zentralstelle_caseworker",
    "aa_caseworker",
    "welcome_lead",  # two organisations
]


def _all_pages(read, size: int) -> list:
    seen, after = [], None
    while True:
        page = read(after=after, size=size)
        assert len(page.items) <= size
        seen += page.items
        after = page.next_cursor
        if after is None:
            return seen


@pytest.mark.parametrize("key", CAST)
@pytest.mark.parametrize("size", [1, 2, 50])
def test_every_page_of_the_list_is_the_visible_cases_newest_first(key, size, cast):
    user = cast(key).user
    expected = list(visible_to(user).order_by("-created_at", "-pk"))
    listed = _all_pages(lambda **page: cases_for_list(user=user, **page), size)
    assert listed == expected and len(set(listed)) == len(listed)


@pytest.mark.parametrize("key", CAST)
def test_mine_and_state_narrow_the_same_list(key, cast):
    with clock.travel_to(datetime.date(2026, 11, 20)):  # more of "mine" than one page holds
        for _ in range(3):
            case_create(actor=cast("company_hr"), fields=valid_intake())
    user = cast(key).user
    visible = visible_to(user).order_by("-created_at", "-pk")
    named = CaseContact.objects.filter(membership__user=user, membership__active=True)
    mine = visible.filter(pk__in=named.values("case_id")) | visible.filter(
        created_by__user=user, created_by__active=True
    )
    assert _all_pages(lambda **p: cases_for_list(user=user, mine=True, **p), 1) == list(mine)
    for state in ("draft", "submitted", "forwarded"):
        expected = list(visible.filter(state=state))
        listed = _all_pages(partial(cases_for_list, user=user, state=state), 1)
        assert listed == expected
        mine_in_state = list(mine.filter(state=state))
        assert _all_pages(partial(cases_for_list, user=user, mine=True, state=state), 1) == (
            mine_in_state
        )


def test_cases_made_at_one_moment_page_by_their_id(cast):
    with clock.travel_to(datetime.date(2026, 11, 24)):
        made = [case_create(actor=cast("company_hr"), fields=valid_intake()) for _ in range(7)]
    user = cast("company_hr").user
    listed = _all_pages(lambda **page: cases_for_list(user=user, **page), 3)
    same_moment = [case for case in listed if case in made]
    assert same_moment == sorted(made, key=lambda case: case.pk, reverse=True)


def test_a_participation_carries_its_cases_creation_time(db):
    for participant in Participant.objects.select_related("case"):
        assert participant.case_created_at == participant.case.created_at


def test_nobody_without_a_membership_lists_anything(django_user_model, db):
    loner = django_user_model.objects.create_user(email="loner@example.org", password="x-y-z-1")
    assert cases_for_list(user=loner).items == []


def test_a_cursor_the_platform_did_not_write_is_refused(cast):
    with pytest.raises(BadCursor):
        cases_for_list(user=cast("company_hr").user, after="not-a-cursor")


@pytest.mark.parametrize("key", CAST)
def test_the_work_list_is_what_waits_for_the_organisation_longest_first(key, cast):
    membership = cast(key)
    waiting = NextStep.objects.filter(organisation_id=membership.organisation_id)
    expected = [step.case for step in waiting.order_by("since", "case_id")]
    listed = _all_pages(
        lambda **page: worklist_for(user=membership.user, membership=membership, **page), 1
    )
    assert listed == expected
    assert {case.pk for case in listed} <= set(
        visible_to(membership.user).values_list("pk", flat=True)
    )


def test_a_list_row_brings_who_acts_next_without_more_queries(cast, django_assert_num_queries):
    user = cast("ihk_adviser").user
    with django_assert_num_queries(2):  # the memberships, then the page
        page = cases_for_list(user=user)
        shown = [(case.company.name, case.next_step.step) for case in page.items]
    assert len(shown) == Case.objects.filter(pk__in=visible_to(user)).count()


def test_a_cursor_names_the_last_row_of_its_page(cast):
    user = cast("company_hr").user
    first = cases_for_list(user=user, size=2)
    last = first.items[-1]
    assert first.next_cursor == cursor_for(last.created_at, last.pk)


def test_a_shaped_row_holds_the_values_of_its_case(cast, django_assert_num_queries):
    """The start page's rows are plain values read through the database's converters (dates and
    times as on the model, on SQLite too), the same as the case and its related rows hold."""
    from lotse.cases.worklist import ROW

    user = cast("ihk_adviser").user
    with django_assert_num_queries(2):  # the memberships, then the page
        rows = cases_for_list(user=user, shape=ROW).items
    assert rows
    for row in rows:
        case = Case.objects.select_related("company", "next_step__contact__user").get(pk=row.pk)
        assert (row.reference, row.state, row.worker_name) == (
            case.reference,
            case.state,
            case.worker_name,
        )
        assert (row.created_at, row.updated_at) == (case.created_at, case.updated_at)
        assert isinstance(row.created_at, datetime.datetime) and row.created_at.tzinfo
        assert row.row_company_name == case.company.name
        step = case.next_step
        assert (row.row_step, row.row_due, row.row_acting_id) == (
            step.step,
            step.due,
            step.organisation_id,
        )
        contact = step.contact.user if step.contact else None
        assert row.row_contact_last_name == (contact.last_name if contact else None)
