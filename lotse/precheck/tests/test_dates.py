"""Date arithmetic of §§ 187, 188 BGB: ages and "within the last N years"."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.precheck.situation import anniversary, years_before


@pytest.mark.parametrize(
    ("day", "cut_off"),
    [
        (date(2025, 6, 15), date(2022, 6, 15)),
        (date(2024, 2, 29), date(2021, 3, 1)),
        (date(2024, 2, 28), date(2021, 2, 28)),
        (date(2024, 3, 1), date(2021, 3, 1)),
        (date(2023, 2, 28), date(2020, 2, 28)),
        (date(2028, 2, 29), date(2024, 2, 29)),
    ],
)
def test_years_before_is_the_first_day_still_within_the_period(day, cut_off):
    """Reference 29 February with no 29 February three years earlier: 1 March (§ 188 Abs. 3 BGB)."""
    years = day.year - cut_off.year
    assert years_before(day, years) == cut_off


def period_end(event: date, years: int) -> date:
    """Last day of a period of `years` years from `event` (§§ 187 Abs. 1, 188 Abs. 2, 3 BGB)."""
    try:
        return event.replace(year=event.year + years)
    except ValueError:
        return date(event.year + years, 2, 28)


@pytest.mark.parametrize(
    "event",
    [date(2021, 2, 27), date(2021, 2, 28), date(2021, 3, 1), date(2021, 3, 2), date(2020, 2, 29)],
)
def test_years_before_agrees_with_counting_forward_from_the_event(event):
    """An event is within three years of `day` exactly when the period it starts runs on `day`."""
    for day in (date(2023, 2, 28), date(2023, 3, 1), date(2024, 2, 28), date(2024, 2, 29)):
        assert (event >= years_before(day, 3)) == (day <= period_end(event, 3)), (event, day)


def test_a_29_february_birthday_falls_on_1_march_in_a_common_year():
    assert anniversary(date(1980, 2, 29), 45) == date(2025, 3, 1)
    assert anniversary(date(1980, 2, 29), 44) == date(2024, 2, 29)
