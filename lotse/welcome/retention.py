"""Retention of the Welcome Center's registrations: a set period after an event ended, the names,
organisations and addresses of everyone who registered for it are erased; after a first
consultation asked for without an account, those of the request.

Art. 5 Abs. 1 lit. e DSGVO (storage limitation): a registration serves the event — seats, the
waiting list, the invitation, the reminder, the attendee list and its check-in — and what follows
it (a certificate of attendance, the organiser's report). The domain notes name no statutory period
for it, so the period is the operator's, in `LOTSE_WELCOME_RETENTION_DAYS` (default 180 days after
the event's end). The rows stay with their status, confirmation, check-in and waiting-list times,
so every count the statistics need (registered, waiting, cancelled, present, per event, kind and
month) stays; a request without an account keeps its status and slot. The job is idempotent: an
erased row (`erased_at`) is not due again. It logs counts, never names.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction

from lotse.core import clock
from lotse.welcome.models import GuestBooking, Registration

logger = logging.getLogger(__name__)


def welcome_retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Events and appointments that ended before this moment are past their retention period."""
    return (now or clock.now()) - datetime.timedelta(days=settings.LOTSE_WELCOME_RETENTION_DAYS)


def registrations_due(now: datetime.datetime | None = None):
    """Registrations of events that ended before the cutoff, not yet erased. A system job over
    every event's registrations: no organiser's guard applies."""
    cutoff = welcome_retention_cutoff(now)
    return Registration.objects.filter(event__ends_at__lt=cutoff, erased_at__isnull=True)


def guest_bookings_due(now: datetime.datetime | None = None):
    """Requests without an account whose appointment ended before the cutoff, not yet erased
    (an accepted one's company and administrator live on in `orgs`, with their own rules)."""
    cutoff = welcome_retention_cutoff(now)
    return GuestBooking.objects.filter(slot__ends_at__lt=cutoff, erased_at__isnull=True)


@transaction.atomic
def welcome_retention_erase(now: datetime.datetime | None = None) -> int:
    """Erase the personal values of every registration and request past its period; returns how
    many rows were erased. Logs the counts only."""
    moment = clock.now()
    registrations = registrations_due(now).update(
        name="", organisation="", email="", erased_at=moment, updated_at=moment
    )
    requests = guest_bookings_due(now).update(
        name="",
        email="",
        company_name="",
        register_number="",
        need="",
        erased_at=moment,
        updated_at=moment,
    )
    if registrations or requests:
        logger.info(
            "welcome retention: %d registrations and %d requests erased", registrations, requests
        )
    return registrations + requests
