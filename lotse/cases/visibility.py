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

Units (`orgs.Unit`): where a unit of the organisation takes a part (`Participant.unit`: the
Agentur für Arbeit's consent team takes the consent, `services.ROLE_UNITS`), that part is the
unit's. A person in another unit of the organisation — its employer service, which advises and
refers companies — does not see the case through it: the consent file is the consent team's
(§ 39 AufenthG), in the lists as on the case page (`unit_sees`). A person in no unit acts for the
organisation as a whole (its leads) and sees all its parts; a part no unit takes is seen by every
member. A list walks, for a person in a unit, the organisation's parts by *taker*
(`models.taker`: the unit taking the part, else the organisation): one branch for the parts the
organisation takes as a whole, one for its unit's, each on `participation_newest_by_taker`.
"""

from typing import NamedTuple
from uuid import UUID

from django.db.models import Aggregate, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import Http404

from lotse.accounts.otp import active_memberships
from lotse.cases.models import Case, Participant, taker
from lotse.core.pagination import Cursor, keyset_bound
from lotse.core.statements import Statements
from lotse.orgs.models import Membership, Organisation, OrgKind


def unit_sees(own_unit, unit_taking_part) -> bool:
    """Whether a person in `own_unit` (None: the organisation as a whole) sees through a part of
    their organisation that `unit_taking_part` takes (None: the organisation as a whole). A part
    a unit takes is that unit's: another unit of the organisation does not see it (the consent
    team's consent file, § 39 AufenthG, is not the employer service's)."""
    return own_unit is None or unit_taking_part is None or own_unit == unit_taking_part


def visible_to(user) -> QuerySet[Case]:
    """Cases `user` may see: their company's own, and those their organisation takes part in
    (from the moment it takes part, also after its part is done, unless the part ended: then it
    sees the case only as it was, through `case_get_for(as_seen=True)`) through a part their unit
    sees (`unit_sees`). Platform administrators without a membership see none."""
    if user is None or not user.is_authenticated:
        return Case.objects.none()
    memberships = Membership.objects.filter(user=user, active=True)
    # `unit_sees` in SQL: a member of the part's organisation, and the part no unit's, or the
    # member in no unit or in the unit taking it
    member = memberships.filter(organisation=OuterRef("organisation"))
    in_the_unit = member.filter(Q(unit__isnull=True) | Q(unit=OuterRef("unit")))
    parts = Participant.objects.filter(case=OuterRef("pk"), seen_until__isnull=True)
    return Case.objects.filter(
        Q(company_id__in=memberships.values("organisation_id"))
        | Exists(parts.filter((Q(unit__isnull=True) & Exists(member)) | Exists(in_the_unit)))
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
    memberships = viewer_memberships(user)
    organisations = {membership.organisation_id for membership in memberships}
    if not organisations:
        raise Http404
    # The rule of `visible_to`, asked of this one case in Python: its company and the
    # organisations (and units) taking part come with the case itself (the participations are
    # read for the page anyway), the person's organisations and units with the request
    # (`viewer_memberships`). One query by primary key, without the sub-queries a filter by
    # `visible_to` compiles and plans for every page view (a correlated one may be planned as a
    # hash of every participation of the viewer: a chamber's 400,000).
    found = _READS.objects("case", _case_with_parts, {"pk": (UUID, UUID(str(case_id)))})
    case = found[0] if found else None
    if case is None:
        raise Http404
    case.seen_until = None
    if case.company_id in organisations or _sees_a_running_part(case, memberships):
        return case
    ended = ended_parts(case)
    mine = [seq for (organisation, _role), seq in ended.items() if organisation in organisations]
    if not mine or not as_seen:
        raise Http404
    case.seen_until = max(mine)
    return case


def _sees_a_running_part(case: Case, memberships: list["Seat"]) -> bool:
    """Whether one of the reader's memberships sees a running part of `case` (`unit_sees`), from
    the participations read with the case ("organisation id:role:unit id,…")."""
    units = {}  # organisation → the units taking its parts (None: the organisation as a whole)
    for triple in (case.participations or "").split(","):
        if triple:
            organisation, _role, unit = (triple.split(":") + ["", ""])[:3]
            units.setdefault(UUID(organisation), set()).add(UUID(unit) if unit else None)
    return any(
        unit_sees(membership.unit_id, taking)
        for membership in memberships
        for taking in units.get(membership.organisation_id, ())
    )


# The case page's read of its case, composed once per process (`core.statements`).
_READS = Statements(limit=16)


def _case_with_parts(pk: UUID) -> QuerySet[Case]:
    """The case with its company, chamber, next step and its contact, the participations and the
    partners of its region that may be brought in."""
    related = ("company", "chamber", "next_step__organisation", "next_step__contact__user")
    cases = Case.objects.filter(pk=pk).select_related(*related)
    return cases.annotate(
        participations=_participations(), ended=_participations(True), partners=_partners()
    )


# Partners brought in for advice. Authorities receive a case by forwarding, recognition bodies
# through the authority (§ 14a Abs. 2 S. 5 BQFG), the agency by the request for consent.
INVOLVABLE = frozenset(
    {OrgKind.WELCOME_CENTER, OrgKind.JOBCENTER, OrgKind.EMPLOYMENT_AGENCY, OrgKind.IHK, OrgKind.HWK}
)


def _partners() -> Subquery:
    """ "organisation id,…" of the organisations of the case's region that may be brought in
    (`INVOLVABLE`): whether the case page offers to bring one in is answered with the case,
    not by reading the organisations (`selectors.region_partners_left`)."""
    rows = Organisation.objects.filter(
        region=OuterRef("company__region"), kind__in=sorted(INVOLVABLE)
    )
    rows = rows.order_by().values("region")
    joined = _Joined(Cast("pk", CharField()))
    return Subquery(rows.annotate(joined=joined).values("joined"))


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


class Seat(NamedTuple):
    """One active membership of a reader, as the lists need it: its id (its "mine"), its
    organisation and its unit (None: the organisation as a whole)."""

    pk: UUID
    organisation_id: UUID
    unit_id: UUID | None


def viewer_memberships(user) -> list[Seat]:
    """Each active membership of `user` (`Seat`): what every list starts from, read once per
    request with the person's other uses of them (`accounts.otp.active_memberships`; the unit is
    a column of the membership). None for a visitor or a platform administrator without a
    membership."""
    if user is None or not user.is_authenticated:
        return []
    return [
        Seat(membership.pk, membership.organisation_id, membership.unit_id)
        for membership in active_memberships(user)
    ]


def visible_branches(
    memberships: list[Seat], *, cursor: Cursor | None, size: int, narrow=None
) -> list[QuerySet]:
    """The ids of the newest `size` cases after `cursor` in each way the memberships see cases:
    as the company (index `case_by_company`) and as a participant, on the case's `created_at`
    copied to the participation. A membership in no unit walks all its organisation's parts
    (`participation_newest`); one in a unit walks two takers (`participation_newest_by_taker`):
    the parts its organisation takes as a whole and those its unit takes — never a part another
    unit takes (`unit_sees`), and no `OR` that would keep the walks from their indexes.
    `narrow(rows, case=path)` narrows each branch before its limit (`path`: "" for cases,
    "case__" for participations)."""
    branches = []
    units = {}  # organisation → the units of the memberships in it (None: no unit, all parts)
    for membership in memberships:
        units.setdefault(membership.organisation_id, set()).add(membership.unit_id)
    for organisation_id, in_units in units.items():
        own = Case.objects.filter(company_id=organisation_id)
        if None in in_units:
            parts = [Participant.objects.filter(organisation_id=organisation_id, listed=True)]
        else:
            by_taker = Participant.objects.alias(taker=taker()).filter(unit_listed=True)
            parts = [by_taker.filter(taker=one) for one in (organisation_id, *sorted(in_units))]
        if narrow is not None:
            own = narrow(own)
            parts = [narrow(rows, case="case__") for rows in parts]
        branches.append(newest_ids(own, cursor=cursor, size=size))
        for rows in parts:
            branches.append(
                newest_ids(rows, cursor=cursor, size=size, time="case_created_at", key="case")
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
