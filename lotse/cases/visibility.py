"""Who sees which case: decided here and nowhere else.

Two shapes of the one rule. `visible_to` is a filter, for one case at a time (`case_get_for`).
Lists never filter all cases by it: `company_id IN (…) OR EXISTS (participant …)` makes
PostgreSQL hash every participation of the viewer's organisations before a page's LIMIT can help
(issue 13: 396,571 rows for a chamber at 10^6 cases). A list instead reads the viewer's
organisations first (`viewer_memberships`), then walks one branch per organisation and way of
seeing — the company's own cases, the cases it takes part in — each newest first on its own index
with its own limit (`visible_branches`); `UNION ALL` and the outer ORDER BY … LIMIT keep the page.

A part that ended (`Participant.seen_until`: an authority that rejected the dossier, an advising
chamber whose company submitted to another) keeps only what it saw: the case is no longer visible
to it (`visible_to`, the lists: its row is not `listed`, its contact person is no longer named),
and `case_get_for` hands it out only to the readers that show the case as it was up to that event
(`as_seen=True`: the case page, the API's case and events, its own submissions), marked with
`case.seen_until`; `need_to_know.view_for` carries the same mark in the reader's `View`.
"""

from uuid import UUID

from django.db.models import Aggregate, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import Http404

from lotse.accounts.otp import active_memberships
from lotse.cases.models import Case, Participant
from lotse.core.pagination import Cursor, keyset_bound
from lotse.orgs.models import Membership


def visible_to(user) -> QuerySet[Case]:
    """Cases `user` may see: their company's own, and those their organisation takes part in
    (from the moment it takes part, also after its part is done, unless the part ended: then it
    sees the case only as it was, through `case_get_for(as_seen=True)`). Platform administrators
    without a membership see none."""
    if user is None or not user.is_authenticated:
        return Case.objects.none()
    orgs = Membership.objects.filter(user=user, active=True).values("organisation_id")
    return Case.objects.filter(
        Q(company_id__in=orgs)
        | Exists(
            Participant.objects.filter(
                case=OuterRef("pk"), organisation_id__in=orgs, seen_until__isnull=True
            )
        )
    )


def case_get_for(*, user, case_id: UUID | str, as_seen: bool = False) -> Case:
    """The case if `user` may see it; missing and hidden both raise Http404. `case.seen_until`
    is None for a reader who sees the case as it is; for a reader whose organisations' parts in
    it all ended, the seq of the last event they see — such a reader gets the case only from a
    caller that shows it as it was then (`as_seen`), every other one (steps, exports, edits,
    documents) answers 404."""
    try:
        UUID(str(case_id))
    except ValueError:
        raise Http404 from None
    organisations = {organisation for _pk, organisation in viewer_memberships(user)}
    if not organisations:
        raise Http404
    # The rule of `visible_to`, asked of this one case in Python: its company and the
    # organisations taking part come with the case itself (the participations are read for the
    # page anyway), the person's organisations with the request (`viewer_memberships`). One
    # query by primary key, without the sub-queries a filter by `visible_to` compiles and plans
    # for every page view (a correlated one may be planned as a hash of every participation of
    # the viewer: a chamber's 400,000).
    related = ("company", "chamber", "next_step__organisation", "next_step__contact__user")
    cases = Case.objects.filter(pk=case_id).select_related(*related)
    annotated = cases.annotate(participations=_participations(), ended=_participations(True))
    case = next(iter(annotated), None)
    if case is None:
        raise Http404
    pairs = (case.participations or "").split(",")
    taking_part = {UUID(pair.partition(":")[0]) for pair in pairs if pair}
    case.seen_until = None
    if case.company_id in organisations or organisations & taking_part:
        return case
    ended = ended_parts(case)
    mine = [seq for (organisation, _role), seq in ended.items() if organisation in organisations]
    if not mine or not as_seen:
        raise Http404
    case.seen_until = max(mine)
    return case


def ended_parts(case: Case) -> dict[tuple[UUID, str], int]:
    """(organisation id, role) → seen until, of each ended part in a case read by
    `case_get_for`."""
    read = case.__dict__.get("_ended_parts")
    if read is None:
        read = {}
        for triple in (case.__dict__.get("ended") or "").split(","):
            if triple:
                organisation, role, seq = triple.split(":")
                read[UUID(organisation), role] = int(seq)
        case.__dict__["_ended_parts"] = read
    return read


class _Joined(Aggregate):
    """The rows' texts joined by commas: `string_agg` on PostgreSQL, `group_concat` on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _participations(ended: bool = False) -> Subquery:
    """ "organisation id:role:unit id,…" of the case's running parts (the unit empty where none
    takes the part), read with the case itself: the read log, the guards and the page's forms ask
    it (`selectors.case_participations` unpacks it); with `ended`, "organisation id:role:seen
    until,…" of the parts that ended (`ended_parts`)."""
    rows = Participant.objects.filter(case=OuterRef("pk"), seen_until__isnull=not ended)
    rows = rows.order_by().values("case")
    pair = [Cast("organisation_id", CharField()), Value(":"), "role", Value(":")]
    if ended:
        pair.append(Cast("seen_until", CharField()))
    else:
        pair.append(Coalesce(Cast("unit_id", CharField()), Value("")))
    joined = _Joined(Concat(*pair, output_field=CharField()))
    return Subquery(rows.annotate(joined=joined).values("joined"))


def viewer_memberships(user) -> list[tuple]:
    """(membership id, organisation id) of each active membership of `user`: what every list
    starts from, read once per request with the person's other uses of them
    (`accounts.otp.active_memberships`). None for a visitor or a platform administrator without a
    membership."""
    if user is None or not user.is_authenticated:
        return []
    return [(membership.pk, membership.organisation_id) for membership in active_memberships(user)]


def visible_branches(
    organisation_ids, *, cursor: Cursor | None, size: int, narrow=None
) -> list[QuerySet]:
    """The ids of the newest `size` cases after `cursor` in each way the organisations see cases:
    as the company (index `case_by_company`) and as a participant (`participation_newest`, on the
    case's `created_at` copied to the participation). `narrow(rows, case=path)` narrows each
    branch before its limit (`path`: "" for cases, "case__" for participations)."""
    branches = []
    for organisation_id in dict.fromkeys(organisation_ids):
        own = Case.objects.filter(company_id=organisation_id)
        taking_part = Participant.objects.filter(organisation_id=organisation_id, listed=True)
        if narrow is not None:
            own, taking_part = narrow(own), narrow(taking_part, case="case__")
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
