"""Events and registrations: every write of the Welcome Center's event offers.

Seats are given out only under the event's row lock (`_lock_event`): the confirmation of the last
seat, a cancellation and the waiting list's move-up serialise on it, so exactly one person gets
the last seat (PostgreSQL; SQLite's single writer makes the race moot). Mails go through the
outbox in the same transaction and are rendered in the person's language (`welcome.mails`).
"""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from lotse.core import clock
from lotse.core.decision import Decision
from lotse.core.errors import DomainError
from lotse.core.outbox import mail_create
from lotse.orgs.models import Membership, OrgKind, Role
from lotse.welcome.errors import WelcomeError
from lotse.welcome.models import Event, Registration, RegistrationStatus

Status = RegistrationStatus
CONFIRM_SALT = "lotse.welcome.confirm"
CANCEL_SALT = "lotse.welcome.cancel"
# What a calendar shows: a change of one of these sends the attendees an updated invitation.
CALENDAR_FIELDS = ("title_de", "title_en", "description_de", "description_en", "place")
CALENDAR_FIELDS += ("online_url", "starts_at", "ends_at")
EVENT_FIELDS = (*CALENDAR_FIELDS, "kind", "capacity", "audience")
STAFF_ROLES = (Role.ADVISER, Role.LEAD, Role.ADMIN)


# --- tokens of the mailed links ---------------------------------------------------------------


def registration_token(registration: Registration, *, purpose: str) -> str:
    """The signed id behind a confirmation or cancellation link (nothing secret is stored)."""
    salt = CONFIRM_SALT if purpose == "confirm" else CANCEL_SALT
    return signing.Signer(salt=salt).sign(str(registration.pk))


def registration_from_token(token: str, *, purpose: str) -> Registration | None:
    """The registration behind a link, or None for any token that does not verify."""
    salt = CONFIRM_SALT if purpose == "confirm" else CANCEL_SALT
    try:
        pk = signing.Signer(salt=salt).unsign(token)
        return Registration.objects.select_related("event").filter(pk=pk).first()
    except (signing.BadSignature, ValidationError, ValueError):
        return None


# --- guards -----------------------------------------------------------------------------------


def event_can_organise(*, actor: Membership | None) -> Decision:
    """May `actor` organise events? Staff of any partner (Welcome Center, chambers, agencies)."""
    if actor is None or actor.organisation.kind == OrgKind.COMPANY or actor.role not in STAFF_ROLES:
        return Decision.no(WelcomeError.NOT_ORGANISER)
    return Decision.yes()


def event_can_manage(*, actor: Membership | None, event: Event) -> Decision:
    """May `actor` change `event`, see its attendees and check them in? The organiser's staff."""
    decision = event_can_organise(actor=actor)
    if not decision or actor.organisation_id != event.organiser_id:
        return Decision.no(WelcomeError.NOT_ORGANISER)
    return Decision.yes()


def registration_can_open(*, event: Event) -> Decision:
    """Is registration open? Not for a cancelled event, nor one that has begun."""
    if event.cancelled_at is not None:
        return Decision.no(WelcomeError.EVENT_CANCELLED)
    if event.starts_at <= clock.now():
        return Decision.no(WelcomeError.EVENT_PAST)
    return Decision.yes()


def _require(decision: Decision) -> None:
    if not decision:
        raise DomainError(decision.code, **decision.details)


# --- events -----------------------------------------------------------------------------------


def _check_event_fields(fields: dict) -> None:
    if fields["ends_at"] <= fields["starts_at"]:
        raise DomainError(WelcomeError.ENDS_BEFORE_START, field="ends_at")
    if not fields.get("place") and not fields.get("online_url"):
        raise DomainError(WelcomeError.NO_PLACE, field="place")


@transaction.atomic
def event_create(*, actor: Membership, **fields) -> Event:
    """A new event of the actor's organisation (the organiser)."""
    _require(event_can_organise(actor=actor))
    _check_event_fields(fields)
    return Event.objects.create(organiser=actor.organisation, **fields)


def _lock_event(event_id) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _seated(event: Event) -> int:
    return event.registrations.filter(status=Status.CONFIRMED).count()


@transaction.atomic
def event_update(*, actor: Membership, event: Event, **fields) -> Event:
    """Change an event. A change of what calendars show raises SEQUENCE and mails every registered
    person the updated invitation (same UID); more seats move the waiting list up."""
    event = _lock_event(event.pk)
    _require(event_can_manage(actor=actor, event=event))
    if event.cancelled_at is not None:
        raise DomainError(WelcomeError.EVENT_CANCELLED)
    merged = {name: getattr(event, name) for name in EVENT_FIELDS} | fields
    _check_event_fields(merged)
    if merged["capacity"] < _seated(event):
        raise DomainError(WelcomeError.CAPACITY_BELOW_SEATED, field="capacity")
    calendar_changed = any(merged[name] != getattr(event, name) for name in CALENDAR_FIELDS)
    for name, value in merged.items():
        setattr(event, name, value)
    if calendar_changed:
        event.sequence += 1
    event.save()
    if calendar_changed:
        for registration in event.registrations.filter(status=Status.CONFIRMED):
            _mail(registration, "welcome.event_changed")
    _move_up(event)
    return event


@transaction.atomic
def event_cancel(*, actor: Membership, event: Event) -> Event:
    """Cancel an event: everyone registered or waiting is told; calendars get a CANCEL with a
    higher SEQUENCE for the same UID."""
    event = _lock_event(event.pk)
    _require(event_can_manage(actor=actor, event=event))
    if event.cancelled_at is not None:
        return event
    event.cancelled_at = clock.now()
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "sequence"])
    told = event.registrations.filter(status__in=[Status.CONFIRMED, Status.WAITLISTED])
    for registration in told:
        _mail(registration, "welcome.event_cancelled")
    return event


# --- registrations ----------------------------------------------------------------------------


def _mail(registration: Registration, kind: str, **context) -> None:
    mail_create(
        to=registration.email,
        kind=kind,
        language=registration.language,
        context={"registration": str(registration.pk), **context},
    )


def _clean_registration(*, name: str, email: str) -> tuple[str, str]:
    name, email = name.strip(), email.strip()
    if not name:
        raise DomainError(WelcomeError.NAME_MISSING, field="name")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(WelcomeError.BAD_EMAIL, field="email") from None
    return name, email


@transaction.atomic
def registration_request(
    *, event: Event, name: str, email: str, organisation: str = "", language: str = ""
) -> None:
    """Ask for a seat: the person gets a mail with a confirmation link (double opt-in). Returns
    nothing, on purpose: a second request with a known address changes nothing (a pending one
    gets its confirmation link again), so the answer never tells who registered."""
    name, email = _clean_registration(name=name, email=email)
    event = _lock_event(event.pk)
    _require(registration_can_open(event=event))
    existing = event.registrations.filter(email__iexact=email).first()
    if existing is None:
        registration = Registration.objects.create(
            event=event, name=name, email=email, organisation=organisation, language=language
        )
    elif existing.status == Status.CANCELLED:
        registration = existing
        registration.status, registration.cancelled_at = Status.PENDING, None
        registration.name, registration.organisation = name, organisation
        registration.save(update_fields=["status", "cancelled_at", "name", "organisation"])
    elif existing.status == Status.PENDING:
        registration = existing
    else:
        return
    _mail(registration, "welcome.confirm_address")


@transaction.atomic
def registration_confirm(*, registration: Registration) -> Registration:
    """The address is confirmed: a seat if one is free, else the waiting list. Confirming twice
    changes nothing. The seat is counted under the event's lock: of two people confirming for the
    last seat at once, exactly one gets it."""
    event = _lock_event(registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status != Status.PENDING:
        return registration
    _require(registration_can_open(event=event))
    now = clock.now()
    registration.confirmed_at = now
    if _seated(event) < event.capacity:
        registration.status = Status.CONFIRMED
        _mail(registration, "welcome.registered")
    else:
        registration.status, registration.waitlisted_at = Status.WAITLISTED, now
        _mail(registration, "welcome.waitlisted")
    registration.save(update_fields=["confirmed_at", "status", "waitlisted_at"])
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration:
    """The person withdraws (through the cancellation link): a seat freed goes to the first on the
    waiting list, who is told. Cancelling twice changes nothing."""
    event = _lock_event(registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Status.CANCELLED or registration.erased_at is not None:
        return registration
    had_seat = registration.status == Status.CONFIRMED
    registration.status, registration.cancelled_at = Status.CANCELLED, clock.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if had_seat:
        _mail(registration, "welcome.cancelled")
        _move_up(event)
    return registration


def _move_up(event: Event) -> list[Registration]:
    """Give free seats to the waiting list in the order people joined it (under the event's
    lock, taken by the caller), and tell each person moved up."""
    if event.cancelled_at is not None or event.starts_at <= clock.now():
        return []
    free = event.capacity - _seated(event)
    if free <= 0:
        return []
    waiting = event.registrations.filter(status=Status.WAITLISTED).order_by("waitlisted_at", "pk")
    moved = list(waiting[:free])
    for registration in moved:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status"])
        _mail(registration, "welcome.moved_up")
    return moved


@transaction.atomic
def registration_check_in(*, actor: Membership, registration: Registration) -> Registration:
    """Mark a registered person as present (or not, when marked already): the attendee list."""
    event = _lock_event(registration.event_id)
    _require(event_can_manage(actor=actor, event=event))
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Status.CONFIRMED:
        registration.checked_in_at = None if registration.checked_in_at else clock.now()
        registration.save(update_fields=["checked_in_at"])
    return registration


def reminders_send() -> int:
    """Mail a reminder to every registered person of the events that take place tomorrow (Berlin
    date). Idempotent: a row reminded once is never reminded again."""
    tomorrow = clock.today() + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=clock.BERLIN)
    due = Registration.objects.filter(
        Q(event__starts_at__gte=start) & Q(event__starts_at__lt=start + datetime.timedelta(days=1)),
        status=Status.CONFIRMED,
        reminded_at__isnull=True,
        event__cancelled_at__isnull=True,
    )
    sent = 0
    for registration_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            marked = Registration.objects.filter(pk=registration_id, reminded_at__isnull=True)
            if marked.update(reminded_at=clock.now()):
                _mail(Registration.objects.get(pk=registration_id), "welcome.reminder")
                sent += 1
    return sent
