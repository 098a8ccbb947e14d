"""The start page's work list: what needs the person now, then everything else they may see.

Both parts read the `NextStep` projection, which every event stores in its own transaction
(`projections.next_step_store`), so "whose move is it" is a column, not a guard asked per case.
"Needs my action" is one query driven by the index `next_step_by_organisation`
(organisation, due, since); the rest is the visible list, newest first. Both are keyset-paginated.

"Mine" is one rule for every kind of organisation: the cases where the person is their
organisation's named contact person, or which they opened (a company names its contact on
submission; until then the person who opened the draft answers for it).
"""

import base64
import binascii
import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from lotse.cases.models import Case, CaseContact, Participant
from lotse.cases.states import CaseState
from lotse.cases.visibility import visible_to
from lotse.core.pagination import BadCursor, Page, newest_first
from lotse.orgs.models import Membership, Organisation, OrgKind

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    """What the person narrowed the list to: a state, a partner organisation taking part, only
    their own cases. Unknown values are dropped by `filters_from`, never an error."""

    state: str = ""
    partner: UUID | None = None
    mine: bool = False


def filters_from(query) -> Filters:
    """The filters a query string names (`state`, `partner`, `mine=1`); anything else is ignored."""
    state = query.get("state", "")
    try:
        partner = UUID(query.get("partner", ""))
    except ValueError:
        partner = None
    return Filters(
        state=state if state in CaseState.values else "",
        partner=partner,
        mine=query.get("mine") == "1",
    )


def _narrow(cases: QuerySet[Case], *, user, filters: Filters) -> QuerySet[Case]:
    if filters.state:
        cases = cases.filter(state=filters.state)
    if filters.partner:
        taking_part = Participant.objects.filter(case=OuterRef("pk"), organisation=filters.partner)
        cases = cases.filter(Q(company_id=filters.partner) | Exists(taking_part))
    if filters.mine:
        named = CaseContact.objects.filter(
            case=OuterRef("pk"), membership__user=user, membership__active=True
        )
        cases = cases.filter(Exists(named) | Q(created_by__user=user))
    return cases


def _shown(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a row shows: company, chamber, and who acts next with their contact's name."""
    return cases.select_related(
        "company", "chamber", "next_step__organisation", "next_step__contact__user"
    )


def needs_action(
    *, user, membership: Membership, filters: Filters = Filters(), after: str | None = None
) -> Page:
    """The cases whose next step lies with `membership`'s organisation, the earliest due first
    (once the statutory clocks set due dates), then the longest waiting; keyset-paginated.

    Does not start from `visible_to`, on purpose: the projection names as the acting organisation
    only the case's company or a participant (`projections._organisation_of`), and both see the
    case, so the per-row visibility test (two subqueries a row in PostgreSQL's plan) would remove
    nothing. The membership must be the user's own and active; `test_worklist` holds
    the result against `visible_to` for every demo role."""
    if membership.user_id != user.pk or not membership.active:
        return Page([], None)
    cases = needs_action_query(user=user, membership=membership, filters=filters)
    if after:
        cases = cases.filter(_after_bound(*_read(after)))
    items = list(cases[: PAGE_SIZE + 1])
    if len(items) <= PAGE_SIZE:
        return Page(items, None)
    last = items[PAGE_SIZE - 1].next_step
    return Page(items[:PAGE_SIZE], _cursor(last.due, last.since, last.case_id))


def needs_action_query(*, user, membership: Membership, filters: Filters) -> QuerySet[Case]:
    """The ordered query behind `needs_action`, without the page's bounds."""
    cases = Case.objects.filter(next_step__organisation_id=membership.organisation_id)
    cases = _shown(_narrow(cases, user=user, filters=filters))
    return cases.order_by(F("next_step__due").asc(nulls_last=True), "next_step__since", "pk")


def the_rest(
    *, user, membership: Membership | None, filters: Filters = Filters(), after: str | None = None
) -> Page:
    """Every other case `user` may see (the next step with someone else, or none), newest first."""
    cases = visible_to(user)
    if membership is not None:
        mine_to_do = Q(next_step__organisation_id=membership.organisation_id)
        cases = cases.exclude(mine_to_do)
    cases = _shown(_narrow(cases, user=user, filters=filters))
    return newest_first(cases, after=after, size=PAGE_SIZE)


def partners_for(*, membership: Membership | None) -> QuerySet[Organisation]:
    """The partner organisations of the person's region to filter by (companies are not partners
    in this sense; a company's own cases are its list already)."""
    if membership is None:
        return Organisation.objects.none()
    region = membership.organisation.region
    partners = Organisation.objects.filter(region=region).exclude(kind=OrgKind.COMPANY)
    return partners.exclude(pk=membership.organisation_id).order_by("name")


# The work list's cursor: (due or "", since, case id). Due dates sort before cases without one,
# as `needs_action` orders them.
def _cursor(due: datetime.date | None, since: datetime.datetime, pk: UUID) -> str:
    raw = f"{due.isoformat() if due else ''}|{since.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read(cursor: str) -> tuple[datetime.date | None, datetime.datetime, UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        due, since, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        moment = datetime.datetime.fromisoformat(since)
        if moment.tzinfo is None:
            raise ValueError("a cursor's time carries its zone")
        day = datetime.date.fromisoformat(due) if due else None
        return day, moment.astimezone(datetime.UTC), UUID(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError) as error:
        raise BadCursor(cursor) from error


def _after_bound(due: datetime.date | None, since: datetime.datetime, pk: UUID) -> Q:
    """The rows after (due, since, pk) in the order due ascending with no due date last."""
    later = Q(next_step__since__gt=since) | Q(next_step__since=since, pk__gt=pk)
    if due is None:
        return Q(next_step__due__isnull=True) & later
    return (
        Q(next_step__due__gt=due) | Q(next_step__due__isnull=True) | (Q(next_step__due=due) & later)
    )
