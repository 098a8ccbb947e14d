"""`lotse deadline START LENGTH [--saturday-counts yes|no] [--land NI]`: a period's last day.

START is the day of the event the period runs from (ISO, e.g. 2026-12-23); LENGTH is `21d`, `1w`,
`2m`, `1y` or `3wd` (Werktage). The last line is the period's last day as an ISO date; exit status
2 with one line naming the argument for bad input.
"""

from __future__ import annotations

import argparse
import datetime
import sys

from lotse.deadlines.periods import LANDS, PeriodError, nominal_end, parse_length, period_end


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit status 2
        sys.stderr.write(f"lotse deadline: {message}\n")
        raise SystemExit(2)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="lotse deadline", description=__doc__.splitlines()[0])
    parser.add_argument("start", metavar="START", help="the event's day, YYYY-MM-DD")
    parser.add_argument("length", metavar="LENGTH", help="21d, 1w, 2m, 1y or 3wd (Werktage)")
    parser.add_argument(
        "--saturday-counts",
        choices=("yes", "no"),
        default="yes",
        help="whether Saturday is a Werktag when counting Werktage (default yes)",
    )
    parser.add_argument(
        "--land", default="NI", choices=LANDS, help="German Land whose holidays apply"
    )
    parser.add_argument("--explain", action="store_true", help="show how the end was found")
    args = parser.parse_args(argv)
    try:
        start = datetime.date.fromisoformat(args.start)
    except ValueError:
        parser.error(f"START: {args.start!r} is not a date YYYY-MM-DD")
    saturday = args.saturday_counts == "yes"
    try:
        length = parse_length(args.length)
        end = period_end(start, length, args.land, saturday)
    except PeriodError as error:
        parser.error(f"{error.field}: {error}")
    except OverflowError:
        parser.error("LENGTH: the period ends beyond the calendar")
    if args.explain:
        nominal = nominal_end(start, length, args.land, saturday)
        print(f"event: {start.isoformat()} (not counted, § 187 Abs. 1 BGB)")
        print(f"period: {length} -> {nominal.isoformat()} (§ 188 BGB)")
        if nominal != end:
            print(f"moved off a weekend or public holiday in {args.land} (§ 193 BGB)")
    print(end.isoformat())
    return 0


if __name__ == "__main__":
    sys.exit(main())
