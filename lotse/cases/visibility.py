"""Who sees which case: decided here and nowhere else.

Two shapes of the one rule. `visible_to` is a filter, for one case at a time (`case_get_for`).
Lists never filter all cases by it: `company_id IN (…) OR EXISTS (participant …)` makes
PostgreSQL hash every participation of the viewer's organisations before a page's LIMIT can help
(issue 13: 396,571 rows for a chamber at 10^6 cases). A list instead reads the viewer's
organisations first (`viewer_memberships`), then walks one branch per organisation and way of
seeing — the company's own cases, the cases it takes part in — each newest first on its own index
with its own limit (`visible_branches`); `UNION ALL` and the outer ORDER BY … LIMIT keep the page.
"""

from uuid import UUID

from django.db.models import Aggregate, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.shortcuts import get_object_or_404

from lotse.cases.models import Case, Participant
from lotse.core.pagination import Cursor, keyset_bound
from lotse.orgs.models import Membership


def visible_to(user) -> QuerySet[Case]:
    """Cases `user` may see: their company's own, and those their organisation takes part in
    (from the moment it takes part, also after its part is done). Platform administrators without
    a membership see none."""
    if user is None or not user.is_authenticated:
        return Case.objects.none()
    orgs = Membership.objects.filter(user=user, active=True).values("organisation_id")
    return Case.objects.filter(
        Q(company_id__in=orgs)
        | Exists(Participant.objects.filter(case=OuterRef("pk"), organisation_id__in=orgs))
    )


def case_get_for(*, user, case_id: UUID | str) -> Case:
    """The case if `user` may see it; missing and hidden both raise Http404."""
    try:
        UUID(str(case_id))
    except ValueError:
        raise Http404 from None
    if user is None or not user.is_authenticated:
        raise Http404
    # The rule of `visible_to`, with the participation asked for this one case: a constant
    # sub-query PostgreSQL answers once from the (case, organisation) index, where the correlated
    # one may be planned as a hash of every participation of the viewer (a chamber's 400,000).
    orgs = Membership.objects.filter(user=user, active=True).values("organisation_id")
    takes_part = Participant.objects.filter(case_id=case_id, organisation_id__in=orgs)
    cases = Case.objects.filter(Q(company_id__in=orgs) | Exists(takes_part))
    related = ("company", "chamber", "next_step__organisation", "next_step__contact__user")
    cases = cases.select_related(*related).annotate(participations=_participations())
    return get_object_or_404(cases, pk=case_id)


class _Joined(Aggregate):
    """The rows' texts joined by commas: `string_agg` on PostgreSQL, `group_concat` on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _participations() -> Subquery:
    """ "organisation id:role,…" of the case's participants, read with the case itself: the read
    log, the guards and the page's forms ask it (`selectors.case_participations` unpacks it)."""
    rows = Participant.objects.filter(case=OuterRef("pk")).order_by().values("case")
    pair = Concat(
        Cast("organisation_id", CharField()), Value(":"), "role", output_field=CharField()
    )
    return Subquery(rows.annotate(joined=_Joined(pair)).values("joined"))


def viewer_memberships(user) -> list[tuple]:
    """(membership id, organisation id) of each active membership of `user`: the first query of
    every list. None for a visitor or a platform administrator without a membership."""
    if user is None or not user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=user, active=True)
    return list(memberships.values_list("pk", "organisation_id"))


def visible_branches(
    organisation_ids, *, cursor: Cursor | None, size: int, state: str = ""
) -> list[QuerySet]:
    """The ids of the newest `size` cases after `cursor` in each way the organisations see cases:
    as the company (index `case_by_company`) and as a participant (`participation_newest`, on the
    case's `created_at` copied to the participation). `state` narrows the cases to one state."""
    branches = []
    for organisation_id in dict.fromkeys(organisation_ids):
        own = Case.objects.filter(company_id=organisation_id)
        taking_part = Participant.objects.filter(organisation_id=organisation_id, listed=True)
        if state:
            own = own.filter(state=state)
            taking_part = taking_part.filter(case__state=state)
        branches.append(newest_ids(own, cursor=cursor, size=size))
        branches.append(
            newest_ids(taking_part, cursor=cursor, size=size, time="case_created_at", key="case")
        )
    return branches


def newest_ids(
    queryset: QuerySet, *, cursor: Cursor | None, size: int, time="created_at", key="pk"
) -> QuerySet:
    """The `key` column of the newest `size` rows of `queryset` after `cursor`, as a branch."""
    bound = keyset_bound(cursor, time=time, key=key)
    if bound is not None:
        queryset = queryset.filter(bound)
    return queryset.order_by(f"-{time}", f"-{key}").values_list(key, flat=True)[:size]


def any_of(branches: list[QuerySet]) -> RawSQL:
    """The branches as one `UNION ALL` subquery for `pk__in`: each branch keeps its own ORDER BY
    and LIMIT inside a derived table (SQLite allows neither in a compound member), so each is a
    short index walk; `IN` drops a case seen by two branches."""
    parts, params = [], []
    for number, branch in enumerate(branches):
        sql, more = branch.query.get_compiler(using=branch.db).as_sql()
        parts.append(f"SELECT * FROM ({sql}) AS branch_{number}")
        params.extend(more)
    return RawSQL(" UNION ALL ".join(parts), params)
