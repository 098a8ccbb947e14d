"""`lotse route`: who is competent, by place and date, with the reason.

    lotse route --municipality NAME --date YYYY-MM-DD [--choice local|zentralstelle] [--after-entry]
                [--lang de|en] [--region KEY]
    lotse route --trade KIND --date YYYY-MM-DD                       (chamber: craft, trade, …)
    lotse route --occupation OCCUPATION|CATEGORY [--level LEVEL] --date YYYY-MM-DD
                (recognition body; below the reason one line per period of its law, with the
                procedure, strength, citation and sources, and UNCONFIRMED where no source states it)

The first line is the competent organisation's full name, or exactly `outside the region` (a place
outside the region or unknown to its data), `choice required` (2025 choice not stated),
`no chamber` or `not in the region's data`; the reason follows on the next line. Every answer exits 0.
Bad arguments (bad date, unknown choice, trade kind, category or region) print a message on stderr,
nothing on stdout, and exit 2. `--municipality` with `--after-entry` asks for the authority of the
place of residence (§ 71 Abs. 1 AufenthG); without it, for the pre-entry § 81a procedure by the
workplace (§ 31 Abs. 4 AufenthV).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date

from lotse.routing import messages
from lotse.routing.answers import RoutingAnswer, RoutingInputError
from lotse.routing.authorities import agreement_authority, residence_authority
from lotse.routing.bodies import chamber, recognition_body
from lotse.routing.periods import period_lines
from lotse.routing.region import DEFAULT_REGION, RegionDataError, get_region, regions_dir

FIRST_LINE = {
    "outside_region": "cli.outside",
    "unknown_place": "cli.outside",
    "choice_required": "cli.choice_required",
    "no_body": "cli.no_body",
    "not_in_data": "cli.not_in_data",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _UsageError(Exception):
    """Raised instead of argparse's exit, so that `main` returns 2 in-process."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's hook; its own messages stay English
        raise _UsageError(f"{self.format_usage()}{self.prog}: error: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lotse route", description="Who is competent, by place and date.")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--municipality", help="municipality name, key or AGS")
    what.add_argument("--trade", help="the company's trade kind, for its chamber")
    what.add_argument(
        "--occupation", help="reference occupation or its category, for the recognition body"
    )
    parser.add_argument("--date", required=True, help="YYYY-MM-DD, e.g. the date of forwarding")
    parser.add_argument(
        "--choice", help="the employer's stated choice, e.g. local or zentralstelle"
    )
    parser.add_argument("--after-entry", action="store_true", help="authority of residence")
    parser.add_argument("--level", help="qualification level: vocational or academic")
    parser.add_argument("--lang", choices=["de", "en"], default="de")
    parser.add_argument("--region", default=DEFAULT_REGION)
    return parser


def main(argv: list[str]) -> int:
    """Run `lotse route ARGS`; returns the exit code (0 answered, 2 bad arguments)."""
    lang = "en" if _lang_of(argv) == "en" else "de"
    try:
        args = _parser().parse_args(argv)
        answer = _answer(args)
    except _UsageError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    except RoutingInputError as error:
        sys.stderr.write(f"{error.message[lang]}\n")
        return 2
    lines = [first_line(answer), answer.reason[args.lang], *_period_lines(answer, args.lang)]
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    return 0


def _period_lines(answer: RoutingAnswer, lang: str) -> list[str]:
    """For a competent recognition body: every period of its law, one line each."""
    if answer.question != "recognition_body" or not answer.is_competent or answer.law is None:
        return []
    region = get_region(answer.region)
    return [f"- {line[lang]}" for line in period_lines(region, answer.law)]


def first_line(answer: RoutingAnswer) -> str:
    """The organisation's full name, or the fixed line for an answer that names none."""
    if answer.status == "competent" and answer.organisation_name:
        return answer.organisation_name
    return messages.catalogue("en")[FIRST_LINE[answer.status]]


def _lang_of(argv: list[str]) -> str | None:
    """The --lang value, read before parsing so that parse errors can be shown in it."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    return None


def _answer(args: argparse.Namespace) -> RoutingAnswer:
    on = _date(args.date)
    region_dir = regions_dir() / args.region
    try:
        region = get_region(args.region)
    except RegionDataError as error:
        if (region_dir / "region.yaml").is_file():
            raise  # broken data is the operator's problem, not a usage error: show the traceback
        raise RoutingInputError("region", value=args.region, path=str(region_dir)) from error
    if args.after_entry and args.choice:
        raise RoutingInputError("conflict", first="--after-entry", second="--choice")
    if args.municipality is not None:
        if not args.municipality.strip():
            raise _UsageError(
                "lotse route: --municipality: a municipality name, key or AGS is needed"
            )
        if args.after_entry:
            return residence_authority(residence=args.municipality, on=on, region=region)
        return agreement_authority(
            workplace=args.municipality, on=on, choice=args.choice, region=region
        )
    if args.trade is not None:
        return chamber(trade_kind=args.trade, on=on, region=region)
    if args.occupation in region.occupations:
        return recognition_body(occupation=args.occupation, level=args.level, on=on, region=region)
    if args.occupation not in region.categories:
        raise RoutingInputError(
            "occupation_unknown",
            value=args.occupation,
            categories=", ".join(region.categories),
            occupations=", ".join(region.occupations),
        )
    return recognition_body(category=args.occupation, level=args.level, on=on, region=region)


def _date(text: str) -> date:
    try:
        if ISO_DATE.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise RoutingInputError("date", value=text)
