"""The Welcome Center's figures (`definitions.OFFER_FIGURES`): events held, registrations,
attendance and the waiting list, first consultations booked and held, referrals.

Offers are not case events: they live in the Welcome Center's own rows, which its services
change in place (a registration confirmed, a check-in, an event moved or cancelled, a booking
cancelled). So an offer's counts follow its current state: `offer_counts` says what one offer
counts now, `OfferFacts` remembers what it counted, and a change adds the difference to
`FigureCount` in the service's transaction (`welcome/listeners.py`). The rebuild computes the
same `offer_counts` from every offer's rows (`offers_rebuild`), so live and rebuilt tables agree.

Every count is kept for the region and for the organisation that made the offer (the event's
organiser, the adviser's organisation, the referrer's), under every title together (`ALL`):
offers belong to no case and have no target residence title. Months are Berlin's.
"""

import datetime
from collections import Counter

from django.db.models import Count, F, Q

from lotse.core.clock import BERLIN
from lotse.stats.counters import FIGURE_KEY, counts_add
from lotse.stats.models import ALL, REGION, FigureCount, OfferFacts
from lotse.welcome.listeners import welcome_listener
from lotse.welcome.models import Event, Referral, RegistrationStatus, Slot

EVENTS, REGISTERED, ATTENDED, WAITING = (
    "welcome_events",
    "welcome_registered",
    "welcome_attended",
    "welcome_waiting",
)
BOOKED, HELD, REFERRED = "welcome_booked", "welcome_held", "welcome_referred"


def _add(counts: Counter, *, organisation, at: datetime.datetime, figure: str, stage: str, n=1):
    if not n:
        return
    day = at.astimezone(BERLIN)
    for scope in (REGION, str(organisation)):
        counts[scope, day.year, day.month, ALL, figure, stage] += n


def event_counts(
    *,
    organiser,
    starts_at: datetime.datetime,
    kind: str,
    cancelled: bool,
    registered: int,
    attended: int,
    waiting: int,
) -> Counter:
    """An event not cancelled counts in the month it starts, under its kind: itself, its
    registered people, those checked in and those still on the waiting list."""
    counts = Counter()
    if cancelled:
        return counts
    for figure, n in ((EVENTS, 1), (REGISTERED, registered), (ATTENDED, attended)):
        _add(counts, organisation=organiser, at=starts_at, figure=figure, stage=kind, n=n)
    _add(counts, organisation=organiser, at=starts_at, figure=WAITING, stage=kind, n=waiting)
    return counts


def slot_counts(
    *, organisation, starts_at: datetime.datetime, booked_at, booked: bool, withdrawn: bool
) -> Counter:
    """A booked consultation that neither side called off counts as booked in the month of the
    booking and as held in the month it takes place."""
    counts = Counter()
    if booked and not withdrawn and booked_at is not None:
        _add(counts, organisation=organisation, at=booked_at, figure=BOOKED, stage="")
        _add(counts, organisation=organisation, at=starts_at, figure=HELD, stage="")
    return counts


def referral_counts(*, organisation, created_at: datetime.datetime, kind: str) -> Counter:
    """A referral counts in the month it was made, under its kind."""
    counts = Counter()
    _add(counts, organisation=organisation, at=created_at, figure=REFERRED, stage=kind)
    return counts


SEATED = Q(registrations__status=RegistrationStatus.CONFIRMED)
REGISTRATION_COUNTS = {
    "registered": Count("registrations", filter=SEATED),
    "attended": Count(
        "registrations", filter=SEATED & Q(registrations__checked_in_at__isnull=False)
    ),
    "waiting": Count(
        "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
    ),
}
EVENT_COLUMNS = ("pk", "organiser_id", "starts_at", "kind", "cancelled_at", *REGISTRATION_COUNTS)
SLOT_COLUMNS = ("pk", "adviser__organisation_id", "starts_at", "booked_at", "booked_by_id")
SLOT_COLUMNS += ("withdrawn_at",)
REFERRAL_COLUMNS = ("pk", "referrer__organisation_id", "created_at", "kind")


def _event_row(pk, organiser, starts_at, kind, cancelled_at, registered, attended, waiting):
    counts = event_counts(
        organiser=organiser,
        starts_at=starts_at,
        kind=kind,
        cancelled=cancelled_at is not None,
        registered=registered,
        attended=attended,
        waiting=waiting,
    )
    return f"event:{pk}", counts


def _slot_row(pk, organisation, starts_at, booked_at, booked_by, withdrawn_at):
    counts = slot_counts(
        organisation=organisation,
        starts_at=starts_at,
        booked_at=booked_at,
        booked=booked_by is not None,
        withdrawn=withdrawn_at is not None,
    )
    return f"slot:{pk}", counts


def _referral_row(pk, organisation, created_at, kind):
    return f"referral:{pk}", referral_counts(
        organisation=organisation, created_at=created_at, kind=kind
    )


def offer_counts(offer) -> tuple[str, Counter]:
    """The key of `offer` (an `Event`, a `Slot` or a `Referral`) and what it counts now, read
    from its stored rows (one query)."""
    if isinstance(offer, Event):
        row = (
            Event.objects.filter(pk=offer.pk)
            .annotate(**REGISTRATION_COUNTS)
            .values_list(*EVENT_COLUMNS)
            .get()
        )
        return _event_row(*row)
    if isinstance(offer, Slot):
        return _slot_row(*Slot.objects.filter(pk=offer.pk).values_list(*SLOT_COLUMNS).get())
    if isinstance(offer, Referral):
        row = Referral.objects.filter(pk=offer.pk).values_list(*REFERRAL_COLUMNS).get()
        return _referral_row(*row)
    raise TypeError(f"not a Welcome Center offer: {type(offer).__name__}")


def _stored(counts: Counter) -> list[list]:
    return [[*key, n] for key, n in sorted(counts.items()) if n]


def counts_subtract(decrements: Counter) -> None:
    """Take `decrements` off rows counted before (each row exists: it was added to once). One
    statement per row; an offer's change touches a handful."""
    for key, n in sorted(decrements.items()):
        if n:
            FigureCount.objects.filter(**dict(zip(FIGURE_KEY, key, strict=True))).update(
                n=F("n") - n
            )


@welcome_listener
def stats_count_offer(offer) -> None:
    """Bring the counts of `offer` up to date (three to a few statements)."""
    key, now = offer_counts(offer)
    facts = OfferFacts.objects.filter(offer=key).first() or OfferFacts(offer=key)
    before = Counter({tuple(item[:-1]): item[-1] for item in facts.counted})
    more, less = Counter(now), Counter(before)
    more.subtract(before)
    less.subtract(now)
    counts_subtract(+less)
    counts_add(FigureCount, FIGURE_KEY, +more)
    stored = _stored(now)
    if stored != facts.counted or facts._state.adding:
        facts.counted = stored
        facts.save()


def offers_rebuild() -> Counter:
    """Every offer's counts from its rows (three queries) — the rebuild's share of the Welcome
    Center. Writes their facts; returns the counts to add."""
    total, rows = Counter(), []
    readers = (
        (Event.objects.annotate(**REGISTRATION_COUNTS).values_list(*EVENT_COLUMNS), _event_row),
        (Slot.objects.values_list(*SLOT_COLUMNS), _slot_row),
        (Referral.objects.values_list(*REFERRAL_COLUMNS), _referral_row),
    )
    for query, counted in readers:
        for row in query.iterator(chunk_size=2000):
            key, counts = counted(*row)
            total.update(counts)
            rows.append(OfferFacts(offer=key, counted=_stored(counts)))
    OfferFacts.objects.bulk_create(rows, batch_size=2000)
    return total
