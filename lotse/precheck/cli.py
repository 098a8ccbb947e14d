"""`lotse precheck CASE.json [--date YYYY-MM-DD] [--format text|json] [--lang de|en]`.

Reads a case (or an example file with `input` and `expected`), assesses it and prints a readable
report (German by default) or the assessment as JSON. Bad input gives one message naming the field
on stderr, nothing on stdout, and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from lotse.precheck.assessment import assess
from lotse.precheck.explain import text_report
from lotse.precheck.inputs import MAX_BYTES, InputError, read_case
from lotse.precheck.model import CaseInput
from lotse.precheck.parameters import ParameterUnavailable

PROG = "lotse precheck"


def _parse_date(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            "--date", f"impossible or malformed date {text!r} (expected YYYY-MM-DD)"
        ) from None


def load_case(path: str, reference_date: date | None = None) -> CaseInput:
    """Read and validate a case file (a bare case, or an example file's `input`)."""
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", sys.stdin)
            text = stream.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as file:
                text = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    if len(text) > MAX_BYTES:
        raise InputError("input", f"too large: more than {MAX_BYTES:,} bytes")
    return read_case(text, reference_date=reference_date)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Pre-check a case for the accelerated skilled-worker procedure."
    )
    parser.add_argument("case", metavar="CASE.json", help="case description (JSON; - for stdin)")
    parser.add_argument("--date", help="reference date YYYY-MM-DD (overrides the case's)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--lang",
        choices=("de", "en"),
        default=None,
        help="language of the explanations (text: de by default; json: both by default)",
    )
    return parser


def main(argv: list[str]) -> int:
    """Run the pre-check CLI; returns the exit status (0 assessed, 2 bad input)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage and the error on stderr
        return int(exc.code or 0)
    try:
        reference_date = _parse_date(args.date) if args.date else None
        case = load_case(args.case, reference_date)
        assessment = assess(case)
    except InputError as exc:
        sys.stderr.write(f"{PROG}: {exc}\n")
        return 2
    except ParameterUnavailable as exc:
        sys.stderr.write(f"{PROG}: reference_date: {exc}\n")
        return 2
    if args.format == "json":
        output = json.dumps(assessment.to_json_dict(args.lang), ensure_ascii=False, indent=2)
        sys.stdout.write(output + "\n")
    else:
        sys.stdout.write(text_report(assessment, args.lang or "de"))
    return 0
