"""A company not yet on the platform books a first consultation on the public page.

1. `guest_booking_request`: the public form (rate-limited like every public form) writes a
   pending row and mails a confirmation link; nothing is held yet (double opt-in).
2. `guest_booking_hold`: the link's button holds the slot for the person, under the slot's row
   lock, so a company with an account booking the same slot at that moment and a second guest
   both find it taken (`slot_book` takes the same lock and asks `slot_held`). The adviser is told.
3. `guest_booking_accept`: the adviser confirms the company by its register number
   (Handelsregister, § 8 HGB, or Betriebsnummer, § 18i SGB IV): `orgs.services.company_join`
   makes the organisation and its first administrator (in the organisation audit log, the
   adviser named as who made them) and mails the invitation to choose a password; the booking is
   then an ordinary one of that administrator (`slot_book`): a draft case with the adviser
   advising and named, the .ics to both sides.
Either side cancels before that (`guest_booking_cancel`): the slot is free again.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.core.outbox import mail_create
from lotse.orgs.models import Membership, RegisterKind, TradeKind
from lotse.orgs.services import company_join, register_number_clean
from lotse.welcome.errors import WelcomeError
from lotse.welcome.models import GuestBooking, GuestBookingStatus, Slot
from lotse.welcome.slots import slot_book, slot_held

Status = GuestBookingStatus
SALTS = {"confirm": "lotse.welcome.guest.confirm", "cancel": "lotse.welcome.guest.cancel"}


def guest_token(booking: GuestBooking, *, purpose: str) -> str:
    """The signed id behind the mailed confirmation or cancellation link."""
    return signing.Signer(salt=SALTS[purpose]).sign(str(booking.pk))


def guest_from_token(token: str, *, purpose: str) -> GuestBooking | None:
    """The booking behind a link, or None for any token that does not verify."""
    try:
        pk = signing.Signer(salt=SALTS[purpose]).unsign(token)
        return GuestBooking.objects.select_related("slot__adviser__user").filter(pk=pk).first()
    except (signing.BadSignature, ValidationError, ValueError):
        return None


def _slot_free(slot: Slot, *, except_booking=None) -> bool:
    if slot.booked_by_id is not None or slot.withdrawn_at is not None:
        return False
    if slot.starts_at <= clock.now():
        return False
    return not slot_held(slot, except_booking=except_booking)


def _mail_guest(booking: GuestBooking, kind: str) -> None:
    mail_create(
        to=booking.email,
        kind=kind,
        language=booking.language,
        context={"guest": str(booking.pk)},
    )


def _mail_adviser(booking: GuestBooking, kind: str) -> None:
    adviser = booking.slot.adviser
    if adviser.user.email:
        mail_create(
            to=adviser.user.email, user=adviser.user, kind=kind, context={"guest": str(booking.pk)}
        )


def _clean(fields: dict) -> dict:
    """The form's values checked and trimmed; a refusal names its field."""
    cleaned = {name: value.strip() for name, value in fields.items()}
    for name, code in (
        ("name", WelcomeError.NAME_MISSING),
        ("company_name", WelcomeError.COMPANY_NAME_MISSING),
        ("need", WelcomeError.NEED_MISSING),
    ):
        if not cleaned[name]:
            raise DomainError(code, field=name)
    try:
        validate_email(cleaned["email"])
    except ValidationError:
        raise DomainError(WelcomeError.BAD_EMAIL, field="email") from None
    if cleaned["trade"] not in TradeKind.values:
        raise DomainError(WelcomeError.TRADE_MISSING, field="trade")
    if cleaned["register_kind"] not in RegisterKind.values:
        raise DomainError(WelcomeError.REGISTER_KIND_MISSING, field="register_kind")
    cleaned["register_number"] = register_number_clean(
        kind=cleaned["register_kind"], number=cleaned["register_number"]
    )
    return cleaned


@transaction.atomic
def guest_booking_request(*, slot: Slot, language: str = "", **fields) -> GuestBooking:
    """Ask for `slot` without an account (fields: name, email, company_name, trade,
    register_kind, register_number, need). Only a mail with the confirmation link goes out;
    asking again for the same slot with the same address sends the link again."""
    cleaned = _clean(fields)
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    if not _slot_free(slot):
        raise DomainError(WelcomeError.SLOT_TAKEN)
    booking = GuestBooking.objects.filter(
        slot=slot, email__iexact=cleaned["email"], status=Status.PENDING
    ).first()
    if booking is None:
        booking = GuestBooking.objects.create(slot=slot, language=language, **cleaned)
    _mail_guest(booking, "welcome.guest_confirm")
    return booking


@transaction.atomic
def guest_booking_hold(*, booking: GuestBooking) -> GuestBooking:
    """The address is confirmed: the slot is held for the company until the adviser confirms
    it. Confirming twice changes nothing; a slot taken meanwhile cancels the request."""
    slot = Slot.objects.select_for_update().get(pk=booking.slot_id)
    booking = GuestBooking.objects.select_related("slot__adviser__user").get(pk=booking.pk)
    if booking.status != Status.PENDING:
        return booking
    if not _slot_free(slot, except_booking=booking):
        booking.status, booking.decided_at = Status.CANCELLED, clock.now()
        booking.save(update_fields=["status", "decided_at", "updated_at"])
        raise DomainError(WelcomeError.SLOT_TAKEN)
    booking.status, booking.held_at = Status.HELD, clock.now()
    booking.save(update_fields=["status", "held_at", "updated_at"])
    _mail_guest(booking, "welcome.guest_held")
    _mail_adviser(booking, "welcome.guest_asks")
    return booking


def guest_can_decide(*, actor: Membership | None, booking: GuestBooking) -> bool:
    """The slot's adviser confirms or declines a company that booked without an account."""
    return actor is not None and actor.pk == booking.slot.adviser_id and actor.active


@transaction.atomic
def guest_booking_accept(*, actor: Membership, booking: GuestBooking) -> GuestBooking:
    """The adviser confirms the company: its organisation and first administrator are made
    (`company_join`, audited, invitation mailed) and the slot is booked for it, opening its draft
    case with the adviser advising (`slot_book`); both get the .ics."""
    Slot.objects.select_for_update().filter(pk=booking.slot_id).values_list("pk").get()
    booking = GuestBooking.objects.select_related("slot__adviser__organisation").get(pk=booking.pk)
    if not guest_can_decide(actor=actor, booking=booking):
        raise DomainError(WelcomeError.NOT_YOUR_SLOT)
    if booking.status != Status.HELD:
        raise DomainError(WelcomeError.GUEST_NOT_HELD)
    first, _space, last = booking.name.partition(" ")
    admin = company_join(
        by=actor.user,
        name=booking.company_name,
        trade=booking.trade,
        register_kind=booking.register_kind,
        register_number=booking.register_number,
        admin_email=booking.email,
        admin_first_name=first,
        admin_last_name=last,
        region=actor.organisation.region,
    )
    if booking.language and not admin.user.language:
        admin.user.language = booking.language
        admin.user.save(update_fields=["language"])
    booking.status, booking.decided_at, booking.membership = Status.ACCEPTED, clock.now(), admin
    booking.save(update_fields=["status", "decided_at", "membership", "updated_at"])
    slot_book(actor=admin, slot=booking.slot, need=booking.need)
    return booking


@transaction.atomic
def guest_booking_cancel(*, booking: GuestBooking, actor: Membership | None = None) -> GuestBooking:
    """Either side calls a request off before the adviser confirmed it (`actor` None: the person,
    through the mailed link; else the adviser): the slot is free again and the other side told."""
    Slot.objects.select_for_update().filter(pk=booking.slot_id).values_list("pk").get()
    booking = GuestBooking.objects.select_related("slot__adviser__user").get(pk=booking.pk)
    if actor is not None and not guest_can_decide(actor=actor, booking=booking):
        raise DomainError(WelcomeError.NOT_YOUR_SLOT)
    if booking.status not in (Status.PENDING, Status.HELD):
        return booking
    was_held = booking.status == Status.HELD
    booking.status, booking.decided_at = Status.CANCELLED, clock.now()
    booking.save(update_fields=["status", "decided_at", "updated_at"])
    if actor is not None:
        _mail_guest(booking, "welcome.guest_declined")
    elif was_held:
        _mail_adviser(booking, "welcome.guest_withdrew")
    return booking
