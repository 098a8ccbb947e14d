"""Builders for the Welcome Center's tests: through the services, as a user would."""

import datetime
import re

from django.core import mail
from icalendar import Calendar

from lotse.core import clock
from lotse.core.models import MailStatus, OutboxMail
from lotse.core.outbox import mail_send
from lotse.welcome.models import Registration
from lotse.welcome.services import (
    event_create,
    registration_confirm,
    registration_from_token,
    registration_request,
)

# A Wednesday in spring, 18:00 Berlin time (summer time: UTC+2).
START = datetime.datetime(2027, 4, 14, 18, 0, tzinfo=clock.BERLIN)


def make_event(actor, *, capacity: int = 2, starts_at=START, **fields):
    values = {
        "kind": "information",
        "title_de": "Infoabend Fachkräfteeinwanderung",
        "title_en": "Information evening on skilled immigration",
        "description_de": "Der Ablauf des beschleunigten Fachkräfteverfahrens.",
        "description_en": "How the accelerated skilled-worker procedure works.",
        "place": "Haus der Region, Hildesheimer Str. 18, Hannover",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=2),
        "capacity": capacity,
        "audience": "both",
    }
    return event_create(actor=actor, **(values | fields))


def register(event, email: str, name: str = "Anna Beispiel", **extra) -> Registration:
    """Request and confirm a registration (its mails in English unless told); returns the row."""
    extra.setdefault("language", "en")
    registration_request(event=event, name=name, email=email, **extra)
    registration = Registration.objects.get(event=event, email__iexact=email)
    return registration_confirm(registration=registration)


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def registration_of_link(link: str, purpose: str) -> Registration:
    return registration_from_token(token_of(link), purpose=purpose)


def calendars(message) -> list[Calendar]:
    """The iCalendar attachments of a mail, parsed."""
    found = []
    for attachment in message.attachments:
        _name, content, mimetype = attachment
        if mimetype.startswith("text/calendar"):
            data = content if isinstance(content, bytes) else content.encode()
            found.append(Calendar.from_ical(data))
    return found


def sent() -> list:
    """Send what the outbox holds (as the task worker would after commit) and return every mail
    sent so far (the test's in-memory mailbox)."""
    far = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)  # every pending row is due then
    pending = OutboxMail.objects.filter(status=MailStatus.PENDING).order_by("created_at")
    for mail_id in pending.values_list("pk", flat=True):
        with clock.travel_to(far):
            mail_send(mail_id=mail_id)
    return mail.outbox


def mails_to(address: str) -> list:
    return [message for message in sent() if address in message.to]
