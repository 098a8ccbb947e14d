"""The only place that asks for the time. Tests and the demo's history travel with `travel_to`."""

import contextlib
import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

BERLIN = ZoneInfo("Europe/Berlin")
_frozen: list[datetime.datetime] = []


def now() -> datetime.datetime:
    """The current aware datetime (UTC), or the travelled-to moment."""
    return _frozen[-1] if _frozen else timezone.now()


def today() -> datetime.date:
    """Today's date in Berlin: the day statutory periods count in."""
    return now().astimezone(BERLIN).date()


@contextlib.contextmanager
def travel_to(moment: datetime.datetime | datetime.date):
    """Let `now()` answer `moment` inside the block (a date means 10:00 Berlin time)."""
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(10), tzinfo=BERLIN)
    _frozen.append(moment)
    try:
        yield moment
    finally:
        _frozen.pop()
