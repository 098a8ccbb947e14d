"""iCalendar invitations (RFC 5545, `icalendar`): one UID per event or appointment for its whole
life, a higher SEQUENCE with every change, so calendars update or remove the entry they hold."""

import datetime

from django.conf import settings
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as IcsEvent

from lotse.core.clock import BERLIN

PRODID = "-//Lotse//Welcome Center//DE"


def uid_for(kind: str, pk) -> str:
    """The entry's lasting UID: the row's id at the platform's host."""
    host = settings.LOTSE_BASE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"{kind}-{pk}@{host or 'lotse'}"


def calendar_bytes(
    *,
    uid: str,
    sequence: int,
    summary: str,
    description: str,
    location: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    stamp: datetime.datetime,
    cancelled: bool = False,
    attendee: str = "",
    organiser: str = "",
) -> bytes:
    """One VEVENT in a VCALENDAR with METHOD REQUEST (or CANCEL), its times in Europe/Berlin."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    entry = IcsEvent()
    entry.add("uid", uid)
    entry.add("sequence", sequence)
    entry.add("dtstamp", stamp.astimezone(datetime.UTC))
    entry.add("dtstart", starts_at.astimezone(BERLIN))
    entry.add("dtend", ends_at.astimezone(BERLIN))
    entry.add("summary", summary)
    entry.add("description", description)
    if location:
        entry.add("location", location)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if organiser:
        entry["organizer"] = vCalAddress(f"mailto:{organiser}")
    if attendee:
        address = vCalAddress(f"mailto:{attendee}")
        address.params["ROLE"] = vText("REQ-PARTICIPANT")
        entry.add("attendee", address, encode=0)
    calendar.add_component(entry)
    if hasattr(calendar, "add_missing_timezones"):
        calendar.add_missing_timezones()
    return calendar.to_ical()


def attachment(data: bytes, cancelled: bool = False) -> tuple[str, bytes, str]:
    """The .ics as a mail attachment `(filename, content, mimetype)`."""
    method = "CANCEL" if cancelled else "REQUEST"
    return ("invite.ics", data, f"text/calendar; charset=utf-8; method={method}")
