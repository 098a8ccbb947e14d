"""First consultations: advisers of the IHK, the HWK and the Welcome Center publish slots, a
company books one with a short description of its need, and the booking opens a draft case (or
joins one the company chose) with that adviser taking part in the advice role and named as
contact from the start (`cases.services.case_advice_arrange`).

A slot is booked at most once: the booking takes the slot's row lock and re-reads it, so of two
companies booking the last slot at once exactly one gets it (PostgreSQL; SQLite's single writer
makes the race moot). Both sides get the .ics of the appointment (UID of the slot, SEQUENCE one
higher with every change), and either side can cancel or move it.
"""

import datetime

from django.db import IntegrityError, transaction

from lotse.cases.guards import case_can_create
from lotse.cases.services import ADVICE_KINDS, case_advice_arrange, case_create
from lotse.cases.visibility import case_get_for
from lotse.core import clock
from lotse.core.decision import Decision
from lotse.core.errors import DomainError
from lotse.core.outbox import mail_create
from lotse.orgs.models import Membership
from lotse.welcome.errors import WelcomeError
from lotse.welcome.models import GuestBooking, GuestBookingStatus, Slot
from lotse.welcome.referrals import referrals_link_booking
from lotse.welcome.services import STAFF_ROLES


def slot_can_publish(*, actor: Membership | None) -> Decision:
    """Advisers, leads and admins of a chamber or the Welcome Center offer first consultations."""
    if (
        actor is None
        or actor.organisation.kind not in ADVICE_KINDS
        or actor.role not in STAFF_ROLES
    ):
        return Decision.no(WelcomeError.NOT_ADVISER)
    return Decision.yes()


def slot_can_book(*, actor: Membership | None) -> Decision:
    """A company's staff who may open cases book first consultations."""
    if not case_can_create(actor=actor):
        return Decision.no(WelcomeError.NOT_COMPANY)
    return Decision.yes()


def _require(decision: Decision) -> None:
    if not decision:
        raise DomainError(decision.code)


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if ends_at <= starts_at:
        raise DomainError(WelcomeError.ENDS_BEFORE_START, field="ends_at")
    if starts_at <= clock.now():
        raise DomainError(WelcomeError.SLOT_PAST, field="starts_at")


def slot_publish(
    *, actor: Membership, starts_at: datetime.datetime, ends_at: datetime.datetime, place: str
) -> Slot:
    """Offer one appointment. The same adviser cannot offer one start twice."""
    _require(slot_can_publish(actor=actor))
    _check_times(starts_at, ends_at)
    try:
        with transaction.atomic():
            return Slot.objects.create(
                adviser=actor, starts_at=starts_at, ends_at=ends_at, place=place
            )
    except IntegrityError:
        raise DomainError(WelcomeError.SLOT_CLASH, field="starts_at") from None


def slot_held(slot: Slot, *, except_booking=None) -> bool:
    """Is `slot` held for a company without an account, waiting for the adviser
    (`welcome.guests`)? Asked under the slot's row lock."""
    holds = GuestBooking.objects.filter(slot=slot, status=GuestBookingStatus.HELD)
    if except_booking is not None:
        holds = holds.exclude(pk=except_booking.pk)
    return holds.exists()


def _tell_both(slot: Slot, kind: str) -> None:
    """The appointment's mail, with its .ics, to the adviser and to the company's person."""
    for person in (slot.adviser, slot.booked_by):
        if person is not None and person.user.email:
            mail_create(
                to=person.user.email,
                user=person.user,
                kind=kind,
                context={
                    "slot": str(slot.pk),
                    "sequence": slot.sequence,
                    "company": str(slot.booked_by.organisation),
                },
            )


def _locked(slot: Slot) -> Slot:
    return (
        Slot.objects.select_for_update(of=("self",))
        .select_related("adviser__organisation", "adviser__user")
        .get(pk=slot.pk)
    )


@transaction.atomic
def slot_book(*, actor: Membership, slot: Slot, need: str, case_id=None) -> Slot:
    """Book `slot` for the actor's company with a short description of its need: a new draft
    case, or the company's case `case_id`, gets the adviser as its advising contact."""
    _require(slot_can_book(actor=actor))
    slot = _locked(slot)
    if slot.booked_by_id is not None or slot.withdrawn_at is not None or slot_held(slot):
        raise DomainError(WelcomeError.SLOT_TAKEN)
    if slot.starts_at <= clock.now():
        raise DomainError(WelcomeError.SLOT_PAST)
    if case_id:
        case = case_get_for(user=actor.user, case_id=case_id)
        if case.company_id != actor.organisation_id:
            raise DomainError(WelcomeError.NOT_COMPANY)
    else:
        case = case_create(actor=actor, fields={})
    case_advice_arrange(case=case, actor=actor, adviser=slot.adviser)
    slot.booked_by, slot.need, slot.case_id = actor, need.strip(), case.pk
    slot.booked_at = clock.now()
    slot.sequence += 1
    slot.save(update_fields=["booked_by", "need", "case_id", "booked_at", "sequence"])
    referrals_link_booking(slot=slot)
    _tell_both(slot, "welcome.slot_booked")
    return slot


def _either_side(actor: Membership, slot: Slot) -> None:
    if actor.pk not in (slot.adviser_id, slot.booked_by_id):
        raise DomainError(WelcomeError.NOT_YOUR_SLOT)


@transaction.atomic
def slot_cancel(*, actor: Membership, slot: Slot) -> Slot:
    """Either side calls the appointment off; both get a CANCEL for it. The company's cancelling
    frees the slot for others; the adviser's withdraws it. The case stays as it is."""
    slot = _locked(slot)
    _either_side(actor, slot)
    if slot.booked_by_id is None and slot.withdrawn_at is not None:
        return slot
    slot.sequence += 1
    if slot.booked_by_id is not None:
        _tell_both(slot, "welcome.slot_cancelled")
    if actor.pk == slot.adviser_id:
        slot.withdrawn_at = clock.now()
    else:
        slot.booked_by, slot.need, slot.case_id, slot.booked_at = None, "", None, None
    slot.save(
        update_fields=["withdrawn_at", "booked_by", "need", "case_id", "booked_at", "sequence"]
    )
    return slot


@transaction.atomic
def slot_reschedule(
    *, actor: Membership, slot: Slot, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> Slot:
    """The adviser moves an appointment to another time; both get the updated .ics (same UID,
    higher SEQUENCE)."""
    slot = _locked(slot)
    if actor.pk != slot.adviser_id:
        raise DomainError(WelcomeError.NOT_YOUR_SLOT)
    _check_times(starts_at, ends_at)
    clash = Slot.objects.filter(
        adviser=slot.adviser, starts_at=starts_at, withdrawn_at__isnull=True
    ).exclude(pk=slot.pk)
    if clash.exists():
        raise DomainError(WelcomeError.SLOT_CLASH, field="starts_at")
    slot.starts_at, slot.ends_at = starts_at, ends_at
    slot.sequence += 1
    slot.save(update_fields=["starts_at", "ends_at", "sequence"])
    if slot.booked_by_id is not None:
        _tell_both(slot, "welcome.slot_moved")
    return slot


@transaction.atomic
def slot_move(*, actor: Membership, slot: Slot, to: Slot) -> Slot:
    """The company moves its booking to another free slot: the new one is booked for the same
    case and need, the old one freed (both sides get the new invitation and the cancellation)."""
    slot = _locked(slot)
    if actor.pk != slot.booked_by_id:
        raise DomainError(WelcomeError.NOT_YOUR_SLOT)
    need, case_id = slot.need, slot.case_id
    moved = slot_book(actor=actor, slot=to, need=need, case_id=case_id)
    slot_cancel(actor=actor, slot=slot)
    return moved
