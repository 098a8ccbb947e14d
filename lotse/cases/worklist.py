"""The start page's work list: what needs the person now, then everything else they may see.

Both parts read the `NextStep` projection, which every event stores in its own transaction
(`projections.next_step_store`), so "whose move is it" is a column, not a guard asked per case.
"Needs my action" walks the index `next_step_by_organisation` (organisation, due, since, case);
the rest is the visible list, newest first, in the list shapes of issue 13 (`selectors`). Both
are keyset-paginated, and both read only what a row shows (`ROW`).

"Mine" is one rule for every kind of organisation: the cases where the person is their
organisation's named contact person, or which they opened (a company names its contact on
submission; until then the person who opened the draft answers for it).
"""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet

from lotse.cases import selectors
from lotse.cases.selectors import Narrowing, RowShape
from lotse.cases.states import CaseState
from lotse.core.pagination import Page
from lotse.core.statements import Statements
from lotse.orgs.models import Membership, Organisation, OrgKind

PAGE_SIZE = 50
# What a work list row shows (`cases/templatetags/worklist.py`): a few of the case's columns,
# and single values of the company, the next step, its organisation and its contact.
ROW = RowShape(
    columns=("reference", "worker_first_name", "worker_last_name", "company_id", "state")
    + ("created_at", "updated_at"),
    related={
        "row_company_name": "company__name",
        "row_company_short_name": "company__short_name",
        "row_step": "next_step__step",
        "row_due": "next_step__due",
        "row_acting_id": "next_step__organisation_id",
        "row_acting_name": "next_step__organisation__name",
        "row_acting_short_name": "next_step__organisation__short_name",
        "row_contact_id": "next_step__contact_id",
        "row_contact_first_name": "next_step__contact__user__first_name",
        "row_contact_last_name": "next_step__contact__user__last_name",
        "row_contact_email": "next_step__contact__user__email",
    },
)


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


def needs_action(
    *, user, membership: Membership, filters: Filters = Filters(), after: str | None = None
) -> Page:
    """The cases whose next step lies with `membership`'s organisation, the earliest due first
    (once the statutory clocks set due dates), then the longest waiting; keyset-paginated
    (`selectors.worklist_for`: two index walks of the stored next steps, no `visible_to`; the
    membership must be the user's own and active; `test_worklist` holds the result against
    `visible_to` for every demo role)."""
    narrowing = Narrowing(state=filters.state, partner=filters.partner)
    return selectors.worklist_for(
        user=user,
        membership=membership,
        narrowing=narrowing,
        mine=filters.mine,
        after=after,
        size=PAGE_SIZE,
        shape=ROW,
    )


def the_rest(
    *, user, membership: Membership | None, filters: Filters = Filters(), after: str | None = None
) -> Page:
    """Every other case `user` may see (the next step with someone else, or none), newest first,
    in the list's shapes (`selectors.cases_for_list`: one index walk per organisation and way of
    seeing, each without the cases waiting for the person's organisation)."""
    narrowing = Narrowing(
        state=filters.state,
        partner=filters.partner,
        not_waiting_for=membership.organisation_id if membership is not None else None,
    )
    return selectors.cases_for_list(
        user=user,
        mine=filters.mine,
        narrowing=narrowing,
        after=after,
        size=PAGE_SIZE,
        shape=ROW,
    )


def partners_for(*, membership: Membership | None) -> list[Organisation]:
    """The partner organisations of the person's region to filter by (companies are not partners
    in this sense; a company's own cases are its list already), by name. Its statement is
    composed once per region and organisation (`core.statements`)."""
    if membership is None:
        return []
    region = membership.organisation.region
    key = ("partners", region, membership.organisation_id)
    return _PARTNERS.objects(key, lambda: _partners(region, membership.organisation_id), {})


_PARTNERS = Statements()


def _partners(region: str, own: UUID) -> QuerySet[Organisation]:
    partners = Organisation.objects.filter(region=region).exclude(kind=OrgKind.COMPANY)
    return partners.exclude(pk=own).order_by("name", "pk")
