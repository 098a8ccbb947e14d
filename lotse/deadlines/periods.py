"""Periods as the law counts them: § 31 VwVfG with §§ 187-193 BGB. Plain Python, no Django.

- § 187 Abs. 1 BGB: a period that runs from an event starts on the day after it; the event's day
  is not counted.
- § 188 Abs. 1 BGB: a period of days ends at the end of its last day.
- § 188 Abs. 2 BGB: a period of weeks, months or years ends on the day of the last week or month
  whose weekday or number is the event's day.
- § 188 Abs. 3 BGB: where the last month has no such day, the period ends on that month's last day
  (31 January + 1 month: 28 or 29 February).
- *Werktage* are Monday to Saturday except public holidays (`saturday_counts=False`: Monday to
  Friday); the period ends on its n-th Werktag after the event.
- § 193 BGB, § 31 Abs. 3 VwVfG: an end on a Saturday, a Sunday or a public holiday at the place
  where the period runs moves to the next working day — a Saturday end moves even where Saturday
  counted as a Werktag.

Public holidays come from the `holidays` package for a German Land (`NI`, Lower Saxony, by default).
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

import holidays

DAYS, WEEKS, MONTHS, YEARS, WERKTAGE = "d", "w", "m", "y", "wd"
UNITS = (WERKTAGE, DAYS, WEEKS, MONTHS, YEARS)
LANDS = (
    "BB",
    "BE",
    "BW",
    "BY",
    "HB",
    "HE",
    "HH",
    "MV",
    "NI",
    "NW",
    "RP",
    "SH",
    "SL",
    "SN",
    "ST",
    "TH",
)
LENGTH_PATTERN = re.compile(r"(\d{1,4})(wd|d|w|m|y)")
SATURDAY, SUNDAY = 5, 6


class PeriodError(ValueError):
    """A period that cannot be read: `field` names the argument, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Length:
    count: int
    unit: str

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


def parse_length(text: str) -> Length:
    """`21d`, `1w`, `2m`, `1y` or `3wd` (Werktage)."""
    match = LENGTH_PATTERN.fullmatch(text.strip().lower())
    if match is None:
        raise PeriodError(
            "LENGTH", f"{text!r} is not a length: a number and d, w, m, y or wd, e.g. 21d, 2m, 3wd"
        )
    count = int(match.group(1))
    if count == 0:
        raise PeriodError("LENGTH", "a period has at least one day, week, month or Werktag")
    return Length(count, match.group(2))


@lru_cache(maxsize=64)
def _holidays(land: str, year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Germany(subdiv=land, years=year))


def is_public_holiday(day: datetime.date, land: str = "NI") -> bool:
    return day in _holidays(land, day.year)


def is_working_day(day: datetime.date, land: str = "NI") -> bool:
    """Monday to Friday, not a public holiday: where a period may end (§ 193 BGB)."""
    return day.weekday() < SATURDAY and not is_public_holiday(day, land)


def is_werktag(day: datetime.date, land: str = "NI", saturday_counts: bool = True) -> bool:
    last = SATURDAY if saturday_counts else SATURDAY - 1
    return day.weekday() <= last and not is_public_holiday(day, land)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The day with the same number `months` later, or that month's last day (§ 188 Abs. 3 BGB)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_working_day(day: datetime.date, land: str = "NI") -> datetime.date:
    while not is_working_day(day, land):
        day += datetime.timedelta(days=1)
    return day


def nominal_end(
    event_day: datetime.date, length: Length, land: str = "NI", saturday_counts: bool = True
) -> datetime.date:
    """The period's last day before § 193 BGB moves it off a weekend or holiday."""
    if length.unit == DAYS:
        return event_day + datetime.timedelta(days=length.count)
    if length.unit == WEEKS:
        return event_day + datetime.timedelta(weeks=length.count)
    if length.unit == MONTHS:
        return add_months(event_day, length.count)
    if length.unit == YEARS:
        return add_months(event_day, 12 * length.count)
    day, counted = event_day, 0
    while counted < length.count:
        day += datetime.timedelta(days=1)
        if is_werktag(day, land, saturday_counts):
            counted += 1
    return day


def period_end(
    event_day: datetime.date,
    length: Length | str,
    land: str = "NI",
    saturday_counts: bool = True,
) -> datetime.date:
    """The last day of a period of `length` that runs from an event on `event_day`."""
    if isinstance(length, str):
        length = parse_length(length)
    if land not in LANDS:
        raise PeriodError("--land", f"{land!r} is not a German Land; one of {', '.join(LANDS)}")
    return next_working_day(nominal_end(event_day, length, land, saturday_counts), land)
