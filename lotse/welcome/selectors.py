"""Reads of the Welcome Center's offers. Events, slots and information pages are public offers:
no case data, so no `visible_to` (the attendee list is the organiser's, checked by its guard)."""

import datetime

from django.db.models import Case, Count, F, Q, QuerySet, Value, When

from lotse.core import clock
from lotse.welcome.models import (
    Event,
    GuestBooking,
    GuestBookingStatus,
    InfoPage,
    Registration,
    RegistrationStatus,
    Slot,
)


def events_public(*, kind: str = "", month: datetime.date | None = None) -> QuerySet[Event]:
    """Events open to the public with their seats taken: by default the coming ones; with
    `month`, those that begin in that month (Berlin time), past ones included."""
    seated = Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
    events = Event.objects.select_related("organiser").annotate(
        seated=seated, seats_left=F("capacity") - seated
    )
    if kind:
        events = events.filter(kind=kind)
    if month is not None:
        first = datetime.datetime.combine(month.replace(day=1), datetime.time(), clock.BERLIN)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        events = events.filter(starts_at__gte=first, starts_at__lt=following)
    else:
        events = events.filter(ends_at__gte=clock.now(), cancelled_at__isnull=True)
    return events.order_by("starts_at")


def event_public(*, event_id) -> Event | None:
    return Event.objects.select_related("organiser").filter(pk=event_id).first()


def seats_left(*, event: Event) -> int:
    seated = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return max(event.capacity - seated, 0)


def events_of(*, organisation) -> QuerySet[Event]:
    """The events an organisation organises, newest first, with their counts."""
    return (
        Event.objects.filter(organiser=organisation)
        .annotate(
            seated=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
            ),
        )
        .order_by("-starts_at")
    )


def attendees(*, event: Event) -> QuerySet[Registration]:
    """Everyone who confirmed an address for `event`: registered first, then the waiting list in
    its order, then those who cancelled."""
    rank = Case(
        When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
        When(status=RegistrationStatus.WAITLISTED, then=Value(1)),
        default=Value(2),
    )
    return (
        event.registrations.exclude(status=RegistrationStatus.PENDING)
        .annotate(rank=rank)
        .order_by("rank", "waitlisted_at", "name")
    )


def info_pages() -> QuerySet[InfoPage]:
    return InfoPage.objects.all()


def slots_open() -> QuerySet[Slot]:
    """Consultation slots still free and to come, with their advisers and organisations."""
    return (
        Slot.objects.filter(booked_by__isnull=True, withdrawn_at__isnull=True)
        .filter(starts_at__gt=clock.now())
        .exclude(guests__status=GuestBookingStatus.HELD)
        .select_related("adviser__user", "adviser__organisation")
        .order_by("starts_at")
    )


def slots_for(*, membership) -> QuerySet[Slot]:
    """The slots an adviser offers or a company booked, to come, not withdrawn."""
    return (
        Slot.objects.filter(Q(adviser=membership) | Q(booked_by=membership))
        .filter(withdrawn_at__isnull=True, ends_at__gt=clock.now())
        .select_related("adviser__user", "adviser__organisation", "booked_by__organisation")
        .order_by("starts_at")
    )


def guests_waiting(*, adviser) -> QuerySet[GuestBooking]:
    """Companies without an account that hold one of the adviser's slots, waiting for the
    adviser's confirmation."""
    return (
        GuestBooking.objects.filter(slot__adviser=adviser, status=GuestBookingStatus.HELD)
        .select_related("slot")
        .order_by("slot__starts_at")
    )
