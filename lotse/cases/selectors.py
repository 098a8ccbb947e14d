"""Reads of cases; each starts from who may see them (`visibility`).

Lists are pages in the shapes of issue 13 (see `visibility`): the viewer's memberships first,
then short index walks per branch with their own limit, `UNION ALL`, limit again — so a page costs
the same at 10^4 and at 10^6 cases, and page 10,000 the same as page 1. `tests/test_list_plans.py`
asserts the plans on PostgreSQL, `bench/pages.py` the times.
"""

import base64
import binascii
import datetime
import functools
from dataclasses import dataclass, replace
from typing import NamedTuple
from uuid import UUID

from django.db import connection
from django.db.models import (
    DateField,
    DateTimeField,
    Exists,
    F,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    UUIDField,
    Value,
)
from django.db.models.expressions import RawSQL

from lotse.cases.list_rows import RowShape, shaped_rows
from lotse.cases.models import (
    Case,
    CaseContact,
    CaseEvent,
    FamilyMember,
    NextStep,
    Participant,
    Track,
    taker,
)
from lotse.cases.personal import payload_open
from lotse.cases.tracks import CASE_AS_A_WHOLE, track_apply, tracks_touched
from lotse.cases.visibility import (
    INVOLVABLE,
    any_of,
    newest_ids,
    viewer_memberships,
    visible_branches,
    visible_to,
)
from lotse.core.pagination import (
    PAGE_SIZE,
    BadCursor,
    Cursor,
    Page,
    RowCompare,
    cursor_read,
    page_from,
)
from lotse.core.plans import reused_plan
from lotse.core.statements import Statements
from lotse.orgs.models import Organisation

# What a list row shows beside the case: company, chamber, who acts next and their contact.
LIST_RELATED = ("company", "chamber", "next_step__organisation", "next_step__contact__user")


@dataclass(frozen=True)
class Narrowing:
    """What a list keeps of the cases each branch walks, applied inside the branch before its
    limit: one state, the cases a partner organisation takes part in (or owns, as the company),
    and without the cases whose next step lies with `not_waiting_for` (the start page shows
    those above, in "needs your action")."""

    state: str = ""
    partner: UUID | None = None
    not_waiting_for: UUID | None = None

    def apply(self, rows: QuerySet, *, case: str = "") -> QuerySet:
        """`rows` narrowed; `case` is the path from a row to its case ("" for cases themselves,
        "case__" for participations, contacts and next steps)."""
        key = OuterRef(case.removesuffix("__") or "pk")
        if self.state:
            rows = rows.filter(**{f"{case}state": self.state})
        if self.partner:
            taking_part = Participant.objects.filter(case=key, organisation_id=self.partner)
            rows = rows.filter(Q(**{f"{case}company_id": self.partner}) | Exists(taking_part))
        if self.not_waiting_for:
            waiting = NextStep.objects.filter(case=key, organisation_id=self.not_waiting_for)
            rows = rows.filter(~Exists(waiting))
        return rows


# The lists' branches, composed once per viewer and way of narrowing (`core.statements`): only
# the page's cursor changes between requests.
_BRANCHES = Statements()


def _sql_of(picked: RawSQL) -> tuple[str, list]:
    return picked.sql, list(picked.params)


def _rows(picked: RawSQL, shape: RowShape | None, *, finish, size: int) -> list:
    """Up to `size` of the cases the branches `picked`, in `finish`'s order: read in `shape`
    (`list_rows`), or by default as whole cases with their related rows."""
    if shape is not None:
        return shaped_rows(picked, shape, finish=finish, size=size)
    cases = Case.objects.filter(pk__in=picked).select_related(*LIST_RELATED)
    with reused_plan():
        return list(finish(cases)[:size])


def cases_for_list(
    *,
    user,
    mine: bool = False,
    state: str = "",
    after: str | None = None,
    size: int = PAGE_SIZE,
    narrowing: Narrowing | None = None,
    shape: RowShape | None = None,
) -> Page:
    """One page of the cases `user` may see, newest first (`created_at`, then id); `mine`: only
    those where they are a named contact or which they opened; `state`: only cases in it;
    `narrowing`: further conditions applied inside every branch; `shape`: what a row reads
    (default: the whole case with its related rows). Raises `BadCursor` for a cursor the platform
    did not write. Two queries: the memberships (read once per request), then the page."""
    cursor = cursor_read(after)
    memberships = viewer_memberships(user)
    if not memberships:
        return Page([], None)
    narrowing = narrowing or Narrowing()
    if state:
        narrowing = replace(narrowing, state=state)

    def branches(at=None, pk=None) -> tuple[str, list]:
        bound = Cursor(at, pk) if at is not None else None
        if mine:
            mine_of = [membership.pk for membership in memberships]
            walks = _mine_branches(mine_of, cursor=bound, size=size + 1, narrowing=narrowing)
        else:
            walks = visible_branches(
                memberships, cursor=bound, size=size + 1, narrow=narrowing.apply
            )
        return _sql_of(any_of(walks))

    key = ("list", tuple(memberships), mine, narrowing, size)
    varying = {"at": (datetime.datetime, cursor and cursor.at), "pk": (UUID, cursor and cursor.pk)}
    picked = RawSQL(*_BRANCHES.compiled(key, branches, varying))
    rows = _rows(picked, shape, finish=_newest_first, size=size + 1)
    return page_from(rows, size=size)


def _newest_first(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.order_by("-created_at", "-pk")


def _mine_branches(
    membership_ids: list, *, cursor, size: int, narrowing: Narrowing
) -> list[QuerySet]:
    """The cases that name one of the memberships as contact, and those it opened. A contact is
    named only for the company or a participant, so each such case is visible to its person."""
    branches = []
    for membership_id in membership_ids:
        named = narrowing.apply(
            CaseContact.objects.filter(membership_id=membership_id), case="case__"
        )
        opened = narrowing.apply(Case.objects.filter(created_by_id=membership_id))
        branches.append(
            newest_ids(named, cursor=cursor, size=size, time="case_created_at", key="case")
        )
        branches.append(newest_ids(opened, cursor=cursor, size=size))
    return branches


def worklist_for(
    *,
    user,
    membership,
    after: str | None = None,
    size: int = PAGE_SIZE,
    narrowing: Narrowing | None = None,
    mine: bool = False,
    shape: RowShape | None = None,
) -> Page:
    """ "Needs my action": the cases whose next step (`NextStep`, stored with every event) lies
    with `membership`'s organisation, the earliest due date first, those without one last, then
    what waited longest (`since`, then id); keyset-paginated on (due, since, id). Two index walks,
    each from the cursor on with its own limit: the dated steps on `next_step_by_organisation`
    (organisation, due, since, case), the undated on `next_step_waiting` (organisation, since,
    case; partial, due IS NULL). No `visible_to`: the acting organisation
    is always the company or a participant, so each case is visible to its members — for a
    member in a unit, the steps are walked by taker (`NextStep.unit`; `next_step_by_taker`,
    `next_step_waiting_by_taker`): those its organisation owes as a whole and those its unit
    owes, never a step another unit's part owes (`visibility.unit_sees`: the consent team's
    decision is not the employer service's). The membership must be the user's own and active.
    `mine`: only where the person is the named contact or opened the case; `shape`: what a row
    reads, as for `cases_for_list`."""
    cursor = _due_cursor_read(after)
    if membership is None or membership.user_id != user.pk or not membership.active:
        return Page([], None)
    narrowing = narrowing or Narrowing()

    def branches(due=None, since=None, pk=None) -> tuple[str, list]:
        bound = (due, since, pk) if since is not None else None
        if membership.unit_id is None:
            owed = [NextStep.objects.filter(organisation_id=membership.organisation_id)]
        else:
            by_taker = NextStep.objects.alias(taker=taker())
            owed = [by_taker.filter(taker=membership.organisation_id)]
            owed.append(by_taker.filter(taker=membership.unit_id))
        walks = []
        for steps in owed:
            steps = narrowing.apply(steps, case="case__")
            if mine:
                named = CaseContact.objects.filter(
                    case=OuterRef("case"), membership__user=user, membership__active=True
                )
                steps = steps.filter(Exists(named) | Q(case__created_by__user=user))
            walks += _due_walks(steps, cursor=bound, size=size + 1)
        return _sql_of(any_of(walks))

    due, since, pk = cursor or (None, None, None)
    key = ("work", membership.organisation_id, membership.unit_id, mine and user.pk, narrowing)
    varying = {
        "due": (datetime.date, due),
        "since": (datetime.datetime, since),
        "pk": (UUID, pk),
    }
    picked = RawSQL(*_BRANCHES.compiled((*key, size), branches, varying))
    rows = _rows(picked, shape, finish=_earliest_due_first, size=size + 1)
    if len(rows) <= size:
        return Page(rows, None)
    last = rows[size - 1]
    return Page(rows[:size], _due_cursor_for(last.waiting_due, last.waiting_since, last.pk))


def _due_walks(steps: QuerySet[NextStep], *, cursor, size: int) -> list[QuerySet]:
    """The case ids of the first `size` of `steps` from `cursor` on, in the work list's order:
    the walk of the dated steps (unless the cursor is past them), then of the undated ones."""
    dated, undated = steps.filter(due__isnull=False), steps.filter(due__isnull=True)
    if cursor is not None:
        due, since, pk = cursor
        at = [Value(since, output_field=DateTimeField()), Value(pk, output_field=UUIDField())]
        if due is None:
            dated = None
            undated = undated.filter(RowCompare(["since", "case"], at, before=False))
        else:
            day = Value(due, output_field=DateField())
            dated = dated.filter(RowCompare(["due", "since", "case"], [day, *at], before=False))
    branches = [undated.order_by("since", "case").values_list("case", flat=True)[:size]]
    if dated is not None:
        first = dated.order_by("due", "since", "case").values_list("case", flat=True)[:size]
        branches.insert(0, first)
    return branches


def _earliest_due_first(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The work list's order: the earliest due date first, those without one last, then what
    waited longest."""
    cases = cases.annotate(waiting_due=F("next_step__due"), waiting_since=F("next_step__since"))
    return cases.order_by(F("waiting_due").asc(nulls_last=True), "waiting_since", "pk")


# The work list's cursor: (due or "", since, case id). Due dates sort before cases without one.
def _due_cursor_for(due: datetime.date | None, since: datetime.datetime, pk: UUID) -> str:
    raw = f"{due.isoformat() if due else ''}|{since.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _due_cursor_read(cursor: str | None) -> tuple | None:
    if not cursor:
        return None
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
    `data` (personal values opened from their store) — in one query: each event brings its
    stored values along as a JSON list, so the case page's budget holds however long the log."""
    events = _READS.objects("timeline", _log_with_values, {"case_id": (UUID, case.pk)})
    for event in events:
        event.case = case  # as `case.events` would: the event's case is this one, not a query
        values = {
            path: StoredValue(value, event.at if erased else None)
            for path, value, erased in event.stored_values or []
        }
        event.data = payload_open(event.payload, values)
    case.__dict__["_timeline"] = events  # the guards and panels asking read it, not the database
    return events


class StoredValue(NamedTuple):
    """What `payload_open` reads of a stored personal value (a `PersonalValue` row's), without
    a model object for each: the page opens a dozen of them."""

    value: object
    erased_at: datetime.datetime | None


# The case page's read of the log, composed once per process (`core.statements`).
_READS = Statements(limit=64)


def _log_with_values(case_id: UUID) -> QuerySet[CaseEvent]:
    events = CaseEvent.objects.filter(case_id=case_id).select_related("actor__user", "organisation")
    events = events.only(*_EVENT_FIELDS)
    return events.order_by("seq").annotate(stored_values=_stored_values())


# What the timeline and the API show of who acted: the person's name and mail, the organisation's
# names and key; the rest of their rows is not read (each page reads the log whole).
_EVENT_FIELDS = (
    *(field.name for field in CaseEvent._meta.concrete_fields),
    "actor__user__first_name",
    "actor__user__last_name",
    "actor__user__email",
    "organisation__key",
    "organisation__name",
    "organisation__short_name",
)


# [path, value, erased] of each stored value of the event, as JSON, in each database's words.
STORED_VALUES = {
    "postgresql": (
        "SELECT jsonb_agg(jsonb_build_array(v.path, v.value, v.erased_at IS NOT NULL))"
        ' FROM cases_personalvalue v WHERE v.event_id = "cases_caseevent"."id"'
    ),
    "sqlite": (
        "SELECT json_group_array(json_array(v.path, json(v.value), v.erased_at IS NOT NULL))"
        ' FROM cases_personalvalue v WHERE v.event_id = "cases_caseevent"."id"'
    ),
}


def _stored_values() -> RawSQL:
    return RawSQL(f"({STORED_VALUES[connection.vendor]})", [], output_field=JSONField())


def case_contacts(*, case: Case) -> list[CaseContact]:
    """The named contact persons of a case the caller holds, by organisation name, each with its
    organisation and person (one statement composed once: `core.statements`)."""
    contacts = _READS.objects("contacts", _contacts_of, {"case_id": (UUID, case.pk)})
    for contact in contacts:
        contact.case = case
    return contacts


def _contacts_of(case_id: UUID) -> QuerySet[CaseContact]:
    contacts = CaseContact.objects.filter(case_id=case_id)
    return contacts.select_related("organisation", "membership__user").order_by(
        "organisation__name", "pk"
    )


def case_family(case: Case) -> list[FamilyMember]:
    """The family members of a case the caller holds, read once per case object (one statement
    composed once) and kept where `case.family.all()` finds them, as a prefetch would."""
    kept = getattr(case, "_prefetched_objects_cache", {})
    if "family" in kept:
        return list(kept["family"])
    members = _READS.objects("family", _family_of, {"case_id": (UUID, case.pk)})
    for member in members:
        member.case = case
    family = case.family.all()
    family._result_cache, family._prefetch_done = members, True
    case._prefetched_objects_cache = {**kept, "family": family}
    return members


def _family_of(case_id: UUID) -> QuerySet[FamilyMember]:
    return FamilyMember.objects.filter(case_id=case_id).order_by(*FamilyMember._meta.ordering, "pk")


def case_version(*, case: Case) -> int:
    """The case's version: the number of its last event (0 before the first one). Every step names
    the version it was chosen on, so that a step against an older one is refused."""
    last = case.events.order_by("-seq").values_list("seq", flat=True).first()
    return last or 0


def track_state(case: Case, kind: str, person: str = CASE_AS_A_WHOLE) -> str | None:
    """The stored state of one track of a case the caller already holds, or None if not begun
    (from the tracks `case_tracks` read for this case object, if it did)."""
    read = case.__dict__.get("_tracks")
    if read is not None:
        return next((t.state for t in read if (t.kind, t.person) == (kind, person)), None)
    return (
        Track.objects.filter(case=case, kind=kind, person=person)
        .values_list("state", flat=True)
        .first()
    )


def case_next_step(*, case: Case) -> NextStep | None:
    """Who acts next on a case the caller already holds, with the names the page shows (without
    a query when `case_get_for` brought it along)."""
    if "next_step" in case._state.fields_cache:
        return case._state.fields_cache["next_step"]
    return (
        NextStep.objects.filter(case=case).select_related("organisation", "contact__user").first()
    )


def case_tracks(*, case: Case, events: list[CaseEvent] | None = None) -> list[Track]:
    """The case's tracks, read once per case object: the page lists them, the guards ask them.
    With `events` (the case's whole log, already read) they are folded from it, as the stored
    rows were (`tracks.fold`; `audit verify` holds the two together), without another query."""
    read = case.__dict__.get("_tracks")
    if read is None and events is not None:
        read = tracks_folded(case, events)
    if read is None:
        read = list(Track.objects.filter(case=case).order_by("kind", "person"))
    case.__dict__["_tracks"] = read
    return read


def tracks_folded(case: Case, events: list[CaseEvent]) -> list[Track]:
    """Unsaved `Track`s of a case from its log: state, since and seq of the last move."""
    found: dict = {}
    for event in events:
        for kind, person in tracks_touched(event.type, event.payload):
            old = found.get((kind, person))
            state = track_apply(kind, old.state if old else None, event.type)
            found[kind, person] = Track(
                case=case, kind=kind, person=person, state=state, since=event.at, seq=event.seq
            )
    return [found[key] for key in sorted(found)]


def case_participations(case: Case) -> dict:
    """Organisation id → part of each organisation taking part in a case the caller holds (a part
    that ended is not taken any more: `visibility`), read
    once per case object: the read log, the guards and the page's forms all ask it. The services
    that add participants forget it (`participant_add`)."""
    read = case.__dict__.get("_participations")
    if read is None and "participations" in case.__dict__:  # brought along by `case_get_for`
        pairs = [pair for pair in (case.participations or "").split(",") if pair]
        triples = [(pair.split(":") + ["", ""])[:3] for pair in pairs]
        rows = [
            (UUID(org), role, UUID(unit) if unit else None) for org, role, unit in triples if org
        ]
        read = _participations_keep(case, rows)
    if read is None:
        rows = Participant.objects.filter(case=case, seen_until__isnull=True).values_list(
            "organisation_id", "role", "unit_id"
        )
        read = _participations_keep(case, rows)
    return read


def _participations_keep(case, rows) -> dict:
    """Keep organisation → part, and organisation → the unit taking part (need to know per
    unit, `need_to_know.view_for`), on the case object."""
    rows = list(rows)
    case.__dict__["_participation_units"] = {
        org: unit for org, _role, unit in rows if unit is not None
    }
    read = case.__dict__["_participations"] = {org: role for org, role, _unit in rows}
    return read


def region_partners_left(case: Case) -> bool | None:
    """Whether an organisation of the case's region that may be brought in (`INVOLVABLE`) takes no
    part yet, from the partners `case_get_for` read with the case (None where it did not)."""
    if "partners" not in case.__dict__:
        return None
    partners = case.__dict__["partners"] or ""  # none at all in the region: NULL
    ids = {UUID(pk) for pk in partners.split(",") if pk}
    return bool(ids - set(case_participations(case)))


def case_organisations(case: Case) -> list[Organisation]:
    """By name: the organisations taking part in a case the caller holds (its company, its
    chamber, each participant) and those of its region that may be brought in (`INVOLVABLE`),
    in one query read once per case object: the page's message form (whom to write to) and its
    partner form (whom to bring in) both ask it."""
    read = case.__dict__.get("_organisations")
    if read is None:
        region = case.company.region
        varying = {
            "case_id": (UUID, case.pk),
            "company_id": (UUID, case.company_id),
            "chamber_id": (UUID, case.chamber_id),
        }
        build = functools.partial(_organisations_around, region=region)
        read = _READS.objects(("organisations", region), build, varying)
        case.__dict__["_organisations"] = read
    return read


def _organisations_around(
    *, region: str, case_id: UUID, company_id: UUID, chamber_id: UUID | None = None
) -> QuerySet[Organisation]:
    """`case_organisations` in one shape whatever the case holds: its running parts as a
    sub-query rather than a list of ids."""
    taking_part = Participant.objects.filter(case_id=case_id, seen_until__isnull=True)
    around = Q(pk__in=taking_part.values("organisation_id")) | Q(pk=company_id)
    if chamber_id is not None:
        around |= Q(pk=chamber_id)
    rows = Organisation.objects.filter(around | Q(region=region, kind__in=sorted(INVOLVABLE)))
    return rows.order_by("name", "pk")


def participation_of(case: Case, organisation_id) -> str | None:
    """The part `organisation_id` takes in `case`, or None: from `case_participations` if it was
    read for this case object, else by one small query."""
    read = case.__dict__.get("_participations")
    if read is not None:
        return read.get(organisation_id)
    rows = Participant.objects.filter(
        case=case, organisation_id=organisation_id, seen_until__isnull=True
    )
    return rows.values_list("role", flat=True).first()
