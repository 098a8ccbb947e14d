"""Today's date in Germany: the only place the pre-check reads the clock (input default)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def today() -> date:
    """The calendar date in Europe/Berlin, the default `reference_date` of a case."""
    return datetime.now(BERLIN).date()
