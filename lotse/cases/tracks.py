"""The procedure's parallel tracks as data: one small state table per track kind. No ORM, no clock.

After forwarding, the § 81a procedure runs in parallel (domain/process.md § 3): the agreement, the
recognition or comparability, the Federal Employment Agency's consent, and one visa per person
(the worker and each family member, § 81a Abs. 4 AufenthG). Each track is a fold of the same case
log, so parallel steps need no combined states. A track is keyed by its kind and, where it concerns
one person, that person ("" = the case as a whole; else "worker" or a family member's id).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.core.errors import DomainError


class TrackKind(models.TextChoices):
    CONSENT = "consent", _("Consent of the Federal Employment Agency")
    RECOGNITION = "recognition", _("Recognition or comparability")
    AGREEMENT = "agreement", _("Agreement under § 81a Abs. 2 AufenthG")
    VISA = "visa", _("Visa")
    PREAPPROVAL = "preapproval", _("Pre-approval (Vorabzustimmung)")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit after entry")


class TrackState(models.TextChoices):
    """The states of every track kind; each kind's table uses its own subset."""

    REQUESTED = "requested", _("requested")
    GIVEN = "given", _("given")
    REFUSED = "refused", _("refused")
    DEEMED_GIVEN = "deemed_given", _("deemed given")
    INFORMATION_REQUESTED = "information_requested", _("information requested")
    WEEK_EXPIRED = "week_expired", _("week passed without an answer")
    DRAFTED = "drafted", _("drafted")
    PARTLY_SIGNED = "partly_signed", _("signed by one side")
    SIGNED = "signed", _("signed by both sides")
    CONCLUDED = "concluded", _("concluded")
    APPLIED = "applied", _("applied for")
    RECEIPT_CONFIRMED = "receipt_confirmed", _("receipt confirmed")
    EVIDENCE_REQUESTED = "evidence_requested", _("evidence requested")
    EXAMINING = "examining", _("being examined")
    DECIDED = "decided", _("decided")
    ISSUED = "issued", _("issued")
    APPOINTMENT_REQUESTED = "appointment_requested", _("appointment requested")
    APPOINTMENT_BOOKED = "appointment_booked", _("appointment booked")
    ENTERED = "entered", _("entered Germany")


CASE_AS_A_WHOLE = ""


@dataclass(frozen=True)
class TrackTable:
    """(state, event) → next state; `None` as the state is the track not yet begun. `person` reads
    the person a track concerns from an event's payload."""

    transitions: dict[tuple[str | None, str], str]
    person: str = field(default=CASE_AS_A_WHOLE)

    @property
    def events(self) -> frozenset[str]:
        return frozenset(event for (_state, event) in self.transitions)

    def person_of(self, payload: dict) -> str:
        return str(payload.get(self.person, "")) if self.person else CASE_AS_A_WHOLE


# § 39 AufenthG, § 81a Abs. 3 Nr. 4: the authority asks, the agency gives or refuses consent; in
# § 81a cases it is deemed given after one week without an answer (§ 36 Abs. 2 S. 2 BeschV),
# unless the agency asked for missing information within that week (then no fiction arises).
# The platform marks the week's end (`consent.week_expired`, written by `periodic`); as the agency
# may have answered outside the platform, the authority then confirms the deemed consent, or the
# agency's answer is recorded.
TABLES: dict[str, TrackTable] = {
    TrackKind.CONSENT: TrackTable(
        transitions={
            (None, EventType.CONSENT_REQUESTED): TrackState.REQUESTED,
            (TrackState.REQUESTED, EventType.CONSENT_GIVEN): TrackState.GIVEN,
            (TrackState.REQUESTED, EventType.CONSENT_REFUSED): TrackState.REFUSED,
            (TrackState.REQUESTED, EventType.CONSENT_WEEK_EXPIRED): TrackState.WEEK_EXPIRED,
            (TrackState.WEEK_EXPIRED, EventType.CONSENT_DEEMED_GIVEN): TrackState.DEEMED_GIVEN,
            (TrackState.WEEK_EXPIRED, EventType.CONSENT_GIVEN): TrackState.GIVEN,
            (TrackState.WEEK_EXPIRED, EventType.CONSENT_REFUSED): TrackState.REFUSED,
            (
                TrackState.REQUESTED,
                EventType.CONSENT_INFORMATION_REQUESTED,
            ): TrackState.INFORMATION_REQUESTED,
            (TrackState.INFORMATION_REQUESTED, EventType.CONSENT_GIVEN): TrackState.GIVEN,
            (TrackState.INFORMATION_REQUESTED, EventType.CONSENT_REFUSED): TrackState.REFUSED,
        }
    ),
    # § 81a Abs. 2 AufenthG, § 57 VwVfG: drafted by the authority, signed by both sides (each
    # signature an uploaded signed document), concluded with the fee and its debtor.
    TrackKind.AGREEMENT: TrackTable(
        transitions={
            (None, EventType.AGREEMENT_DRAFTED): TrackState.DRAFTED,
            (TrackState.DRAFTED, EventType.AGREEMENT_SIGNED): TrackState.PARTLY_SIGNED,
            (TrackState.PARTLY_SIGNED, EventType.AGREEMENT_SIGNED): TrackState.SIGNED,
            (TrackState.SIGNED, EventType.AGREEMENT_CONCLUDED): TrackState.CONCLUDED,
        }
    ),
    # § 14a BQFG: receipt confirmed within two weeks, missing evidence named, decision within two
    # months of the complete file (extendable once); not begun = not needed for the pathway.
    TrackKind.RECOGNITION: TrackTable(
        transitions={
            (None, EventType.RECOGNITION_APPLIED): TrackState.APPLIED,
            (TrackState.APPLIED, EventType.RECOGNITION_RECEIPT_CONFIRMED): (
                TrackState.RECEIPT_CONFIRMED
            ),
            **{
                (state, EventType.RECOGNITION_EVIDENCE_REQUESTED): TrackState.EVIDENCE_REQUESTED
                for state in (TrackState.RECEIPT_CONFIRMED, TrackState.EXAMINING)
            },
            (TrackState.EVIDENCE_REQUESTED, EventType.RECOGNITION_DOCUMENTS_RECEIVED): (
                TrackState.EXAMINING
            ),
            **{
                (state, EventType.RECOGNITION_EXTENDED): TrackState.EXAMINING
                for state in (TrackState.RECEIPT_CONFIRMED, TrackState.EXAMINING)
            },
            **{
                (state, EventType.RECOGNITION_DECIDED): TrackState.DECIDED
                for state in (TrackState.RECEIPT_CONFIRMED, TrackState.EXAMINING)
            },
        }
    ),
    # § 81a Abs. 3 Nr. 6 AufenthG: one pre-approval per person (the worker; each family member,
    # § 81a Abs. 4).
    TrackKind.PREAPPROVAL: TrackTable(
        transitions={(None, EventType.PREAPPROVAL_ISSUED): TrackState.ISSUED}, person="person"
    ),
    # § 31a AufenthV: appointment, application, decision at the embassy; then the entry.
    TrackKind.VISA: TrackTable(
        transitions={
            (None, EventType.VISA_APPOINTMENT_REQUESTED): TrackState.APPOINTMENT_REQUESTED,
            (TrackState.APPOINTMENT_REQUESTED, EventType.VISA_APPOINTMENT_BOOKED): (
                TrackState.APPOINTMENT_BOOKED
            ),
            (TrackState.APPOINTMENT_BOOKED, EventType.VISA_APPLIED): TrackState.APPLIED,
            (TrackState.APPLIED, EventType.VISA_ISSUED): TrackState.ISSUED,
            (TrackState.APPLIED, EventType.VISA_REFUSED): TrackState.REFUSED,
            (TrackState.ISSUED, EventType.ENTRY_REPORTED): TrackState.ENTERED,
        },
        person="person",
    ),
    # After entry the foreigners authority of the place of residence issues the residence permit
    # (§ 71 Abs. 1 AufenthG; domain/process.md § 0 and stage 9; its fee: § 45 Nr. 1 AufenthV):
    # the person applies there, the authority issues it. One track per person who entered.
    TrackKind.RESIDENCE_PERMIT: TrackTable(
        transitions={
            (None, EventType.RESIDENCE_PERMIT_APPLIED): TrackState.APPLIED,
            (TrackState.APPLIED, EventType.RESIDENCE_PERMIT_ISSUED): TrackState.ISSUED,
        },
        person="person",
    ),
}


# Which track kinds an event type moves; most events move none.
MOVED_BY: dict[str, tuple[str, ...]] = {
    str(event): tuple(str(kind) for kind, table in TABLES.items() if event in table.events)
    for table in TABLES.values()
    for event in table.events
}

TrackKey = tuple[str, str]  # (kind, person)


def track_apply(kind: str, state: str | None, event: str) -> str:
    """The track's state after `event`; an event that the track knows but not from this state
    is refused, as the main stage refuses a move from the wrong state."""
    transitions = TABLES[kind].transitions
    if (state, event) not in transitions:
        raise DomainError(CaseError.WRONG_STATE)
    return transitions[state, event]


def tracks_touched(event: str, payload: dict) -> list[TrackKey]:
    """The tracks one event moves, as (kind, person)."""
    return [(kind, TABLES[kind].person_of(payload)) for kind in MOVED_BY.get(str(event), ())]


def fold(events: Iterable[tuple[str, dict]]) -> dict[TrackKey, str]:
    """Every track's state after a log of (event type, payload), from no track at all."""
    states: dict[TrackKey, str] = {}
    for event, payload in events:
        for key in tracks_touched(event, payload):
            states[key] = track_apply(key[0], states.get(key), event)
    return states
