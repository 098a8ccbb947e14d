"""The stored projections of the log: each case's tracks and its next step.

`event_append` calls `projections_fold` for every event, inside the service's transaction, so a
projection commits and rolls back with the event that made it. `audit verify` rebuilds both from
the log (`projections_verify`) and names where the stored rows differ.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case as DbCase
from django.db.models import F, Q, Value, When

from lotse.cases.models import (
    Case,
    CaseContact,
    CaseEvent,
    NextStep,
    Participant,
    ParticipantRole,
    Track,
)
from lotse.cases.next_step import DECIDED_BY_TRACKS, Party, next_step_for
from lotse.cases.tracks import TrackKey, track_apply, tracks_touched

# The participant role that plays each party after the pre-check.
PARTICIPANT_ROLE = {
    Party.AUTHORITY: ParticipantRole.AUTHORITY,
    Party.AGENCY: ParticipantRole.EMPLOYMENT_AGENCY,
}


def projections_fold(*, case: Case, event: CaseEvent) -> None:
    """Fold one new event into the case's stored tracks, then store who acts next."""
    for kind, person in tracks_touched(event.type, event.payload):
        rows = Track.objects.filter(case=case, kind=kind, person=person)
        current = rows.values_list("state", flat=True).first()
        state = track_apply(kind, current, event.type)
        moved = {"state": state, "since": event.at, "seq": event.seq}
        if current is None:
            Track.objects.create(case=case, kind=kind, person=person, **moved)
        else:
            rows.update(**moved)
    next_step_store(case=case, at=event.at)


@dataclass
class StoredRows:
    """A case's stored participants (pk, role, organisation id, organisation key, unit id),
    contacts (organisation id →
    membership id), tracks and next step, read for a batch of cases at once (`stored_rows`) so
    that `audit verify` asks four queries a batch, not four a case."""

    participants: list[tuple] = field(default_factory=list)
    # the primary keys of the parts that ended (`Participant.seen_until`): no next step is theirs
    ended: set = field(default_factory=set)
    contacts: dict = field(default_factory=dict)
    tracks: dict[TrackKey, str] = field(default_factory=dict)
    next_step: dict | None = None


NEXT_STEP_COLUMNS = ("organisation_id", "unit_id", "contact_id", "step", "due")

# The statutory clocks (`deadlines`, above `cases`) register the function that gives a case's due
# date for the party that acts next: (case, party, events) -> date or None; `events` the case's
# log where the caller has read it (audit verify), else the provider reads it.
_DUE: list = []


def due_provider_register(provider) -> None:
    _DUE[:] = [provider]


def _due(case: Case, party: str | None, events: list | None = None):
    return _DUE[0](case, party, events) if _DUE else None


def stored_rows(**cases) -> dict:
    """`StoredRows` by case id for the cases a filter on `case_id` picks (`case_id__in=ids`, or
    a range of ids as `audit verify` reads them), in four queries."""
    rows = defaultdict(StoredRows)
    for case_id, *participant, seen_until in Participant.objects.filter(**cases).values_list(
        "case_id", "pk", "role", "organisation_id", "organisation__key", "unit_id", "seen_until"
    ):
        rows[case_id].participants.append(tuple(participant))
        if seen_until is not None:
            rows[case_id].ended.add(participant[0])
    for case_id, organisation_id, membership_id in CaseContact.objects.filter(**cases).values_list(
        "case_id", "organisation_id", "membership_id"
    ):
        rows[case_id].contacts[organisation_id] = membership_id
    for case_id, kind, person, state in Track.objects.filter(**cases).values_list(
        "case_id", "kind", "person", "state"
    ):
        rows[case_id].tracks[(kind, person)] = state
    for step in NextStep.objects.filter(**cases).values("case_id", *NEXT_STEP_COLUMNS):
        rows[step.pop("case_id")].next_step = step
    return rows


def stored_tracks(case: Case, rows: StoredRows | None = None) -> dict[TrackKey, str]:
    if rows is not None:
        return dict(rows.tracks)
    return {
        (kind, person): state
        for kind, person, state in Track.objects.filter(case=case).values_list(
            "kind", "person", "state"
        )
    }


def _taker_of(case: Case, party: str | None, rows: StoredRows | None = None) -> tuple:
    """(organisation id, unit id) playing `party` in `case`: the unit taking the part where one
    does (the Agentur's consent team for the consent), else None; (None, None) if no one."""
    if party == Party.COMPANY:
        return case.company_id, None
    if party == Party.CHAMBER:
        return case.chamber_id, None
    if party is None:
        return None, None
    role = PARTICIPANT_ROLE[party]
    if rows is not None:  # as the query below: the first running part by primary key
        playing = sorted(
            (pk, org, unit)
            for pk, r, org, _key, unit in rows.participants
            if r == role and pk not in rows.ended
        )
        return playing[0][1:] if playing else (None, None)
    found = (
        Participant.objects.filter(case=case, role=role, seen_until__isnull=True)
        .order_by("pk")
        .values_list("organisation_id", "unit_id")
        .first()
    )
    return found or (None, None)


def _contact_of(case: Case, organisation_id, rows: StoredRows | None = None):
    """The organisation's named contact; before the company names one (at submission), the
    person who opened the case."""
    if organisation_id is None:
        return None
    if rows is not None:
        contact = rows.contacts.get(organisation_id)
    else:
        contact = (
            CaseContact.objects.filter(case=case, organisation_id=organisation_id)
            .values_list("membership_id", flat=True)
            .first()
        )
    if contact is None and organisation_id == case.company_id:
        return case.created_by_id
    return contact


def next_step_derive(
    case: Case, rows: StoredRows | None = None, events: list | None = None
) -> dict:
    """The next step as stored columns, from the case's state, stored tracks and contacts
    (`rows`: read already, for a batch; `events`: the case's log, read already)."""
    tracks = stored_tracks(case, rows) if case.state in DECIDED_BY_TRACKS else {}
    party, step = next_step_for(case.state, tracks)
    organisation_id, unit_id = _taker_of(case, party, rows)
    return {
        "organisation_id": organisation_id,
        "unit_id": unit_id,
        "contact_id": _contact_of(case, organisation_id, rows),
        "step": str(step),
        "due": _due(case, party, events),  # the statutory clocks (domain/process.md § 4)
    }


def next_step_store(*, case: Case, at) -> None:
    """Store the derived next step in one statement; `since` moves only when the step or the
    party changes, so a work list can say how long a case has waited."""
    derived = next_step_derive(case)
    unchanged = Q(step=derived["step"]) & (
        Q(organisation_id=derived["organisation_id"])
        if derived["organisation_id"]
        else Q(organisation__isnull=True)
    )
    since = DbCase(When(unchanged, then=F("since")), default=Value(at))
    if not NextStep.objects.filter(case=case).update(since=since, **derived):
        NextStep.objects.create(case=case, since=at, **derived)
