"""Periods across weekends, Lower Saxony's holidays, month ends and Werktage, each by its rule."""

from __future__ import annotations

import datetime

import pytest

from lotse.deadlines.cli import main
from lotse.deadlines.periods import PeriodError, parse_length, period_end

D = datetime.date

# (rule, event day, length, options, last day)
CASES = [
    (
        "§ 187 Abs. 1, § 188 Abs. 1 BGB: days from the day after",
        D(2026, 3, 2),
        "21d",
        {},
        D(2026, 3, 23),
    ),
    ("§ 193 BGB: a day period ending on Saturday", D(2026, 3, 6), "1d", {}, D(2026, 3, 9)),
    ("§ 188 Abs. 2 BGB: a week ends on the same weekday", D(2026, 3, 4), "1w", {}, D(2026, 3, 11)),
    ("§ 193 BGB: the week ends on Ascension Day (NI)", D(2026, 5, 7), "1w", {}, D(2026, 5, 15)),
    ("§ 193 BGB: two weeks end on Christmas Day", D(2026, 12, 11), "2w", {}, D(2026, 12, 28)),
    ("§ 188 Abs. 2 BGB: months end on the same number", D(2026, 1, 15), "2m", {}, D(2026, 3, 16)),
    ("§ 188 Abs. 3 BGB: 31 Jan + 1 month in a leap year", D(2024, 1, 31), "1m", {}, D(2024, 2, 29)),
    (
        "§ 188 Abs. 3, § 193 BGB: 31 Jan + 1 month ends Sat 28 Feb",
        D(2026, 1, 31),
        "1m",
        {},
        D(2026, 3, 2),
    ),
    ("§ 188 Abs. 3 BGB: a year from 29 Feb", D(2024, 2, 29), "1y", {}, D(2025, 2, 28)),
    ("§ 193 BGB: Reformation Day is a holiday in NI", D(2025, 8, 31), "2m", {}, D(2025, 11, 3)),
    ("§ 193 BGB: but not in Bavaria", D(2025, 8, 31), "2m", {"land": "BY"}, D(2025, 10, 31)),
    ("Werktage: Saturday counts, Easter holidays do not", D(2026, 4, 2), "3wd", {}, D(2026, 4, 8)),
    (
        "Werktage without Saturday",
        D(2026, 4, 2),
        "3wd",
        {"saturday_counts": False},
        D(2026, 4, 9),
    ),
    (
        "§ 193 BGB: a Werktag period ending on Saturday moves",
        D(2026, 3, 4),
        "3wd",
        {},
        D(2026, 3, 9),
    ),
    ("Werktage over Christmas", D(2026, 12, 23), "3wd", {}, D(2026, 12, 29)),
]


@pytest.mark.parametrize(
    ("rule", "event", "length", "options", "end"), CASES, ids=[c[0] for c in CASES]
)
def test_period_end(rule, event, length, options, end):
    assert period_end(event, length, **options) == end


@pytest.mark.parametrize(
    ("rule", "event", "length", "options", "end"), CASES, ids=[c[0] for c in CASES]
)
def test_the_command_line_prints_the_last_day_last(rule, event, length, options, end, capsys):
    argv = [event.isoformat(), length, "--explain"]
    if "land" in options:
        argv += ["--land", options["land"]]
    if options.get("saturday_counts") is False:
        argv += ["--saturday-counts", "no"]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[-1] == end.isoformat()


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["2026-02-30", "1m"], "START"),
        (["1 March", "1m"], "START"),
        (["2026-03-01", "3x"], "LENGTH"),
        (["2026-03-01", "0d"], "LENGTH"),
        (["2026-03-01", "1m", "--land", "XX"], "--land"),
        (["2026-03-01", "1m", "--saturday-counts", "maybe"], "--saturday-counts"),
        (["2026-03-01"], "LENGTH"),
    ],
)
def test_bad_input_is_one_line_naming_the_argument_and_exit_status_2(argv, named, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and named in error[0]


def test_lengths_read_case_insensitively_and_refuse_zero():
    assert str(parse_length("3WD")) == "3wd"
    with pytest.raises(PeriodError):
        parse_length("0m")
