"""The only place that asks for the time. Tests and the demo's history travel with `travel_to`.

The travelled-to moment lives in a context variable, so it holds for the code running in that context
only: another thread (a second request, the task worker) keeps the real time.
"""

import contextlib
import contextvars
import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

BERLIN = ZoneInfo("Europe/Berlin")
_travelled: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "lotse_clock_travelled", default=None
)


def now() -> datetime.datetime:
    """The current aware datetime (UTC), or the travelled-to moment."""
    moment = _travelled.get()
    return moment if moment is not None else timezone.now()


def today() -> datetime.date:
    """Today's date in Berlin: the day statutory periods count in."""
    return now().astimezone(BERLIN).date()


@contextlib.contextmanager
def travel_to(moment: datetime.datetime | datetime.date):
    """Let `now()` answer `moment` inside the block (a date means 10:00 Berlin time), in this
    context only; blocks nest, and leaving one restores the moment before it."""
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(10), tzinfo=BERLIN)
    token = _travelled.set(moment)
    try:
        yield moment
    finally:
        _travelled.reset(token)
