"""Reads of cases; each starts from `visible_to(user)`."""

from django.db.models import Q, QuerySet

from lotse.cases.models import Case, CaseContact, CaseEvent, NextStep, Track
from lotse.cases.personal import events_open
from lotse.cases.tracks import CASE_AS_A_WHOLE
from lotse.cases.visibility import visible_to


def case_list_for(*, user, mine: bool = False, state: str = "") -> QuerySet[Case]:
    """The cases `user` may see, newest first; `mine`: those where they are a named contact or
    which they opened."""
    cases = visible_to(user).select_related("company", "chamber")
    if mine:
        contact_cases = CaseContact.objects.filter(membership__user=user, membership__active=True)
        cases = cases.filter(Q(pk__in=contact_cases.values("case_id")) | Q(created_by__user=user))
    if state:
        cases = cases.filter(state=state)
    return cases.order_by("-created_at", "-pk")


def case_timeline(*, case: Case) -> list[CaseEvent]:
    """The log of a case the caller already fetched through `case_get_for`, each event with its
    `data` (personal values opened from their store, in one query)."""
    return events_open(case.events.select_related("actor__user", "organisation").order_by("seq"))


def case_contacts(*, case: Case) -> QuerySet[CaseContact]:
    return case.contacts.select_related("organisation", "membership__user").order_by(
        "organisation__name"
    )


def track_state(case: Case, kind: str, person: str = CASE_AS_A_WHOLE) -> str | None:
    """The stored state of one track of a case the caller already holds, or None if not begun."""
    return (
        Track.objects.filter(case=case, kind=kind, person=person)
        .values_list("state", flat=True)
        .first()
    )


def case_next_step(*, case: Case) -> NextStep | None:
    """Who acts next on a case the caller already holds, with the names the page shows."""
    return (
        NextStep.objects.filter(case=case).select_related("organisation", "contact__user").first()
    )


def case_tracks(*, case: Case) -> QuerySet[Track]:
    return Track.objects.filter(case=case).order_by("kind", "person")
