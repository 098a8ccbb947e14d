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
from pathlib import Path

from pydantic import ValidationError

from lotse.precheck.assessment import assess
from lotse.precheck.explain import text_report
from lotse.precheck.model import CaseInput
from lotse.precheck.parameters import ParameterUnavailable

PROG = "lotse precheck"


class InputError(Exception):
    """Input the pre-check cannot take; the message names the field."""


def _location(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(error: dict) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        noun = "document id" if "documents" in error["loc"] else "value"
        return f"unknown {noun} {given!r} (expected {expected})"
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return f"impossible or malformed date {given!r} (expected YYYY-MM-DD)"
    if kind == "missing":
        return "required"
    message = error["msg"]
    return message.removeprefix("Value error, ")


def describe_validation_error(exc: ValidationError, prefix: tuple = ()) -> str:
    """One line naming each bad field: `person.birth_date: impossible or malformed date ...`."""
    parts = []
    for error in exc.errors():
        loc = prefix + tuple(error["loc"])
        where = _location(loc)
        parts.append(f"{where}: {_describe(error)}" if where else _describe(error))
    return "; ".join(parts)


def _parse_date(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"--date: impossible or malformed date {text!r} (expected YYYY-MM-DD)"
        ) from None


def load_case(path: str, reference_date: date | None = None) -> CaseInput:
    """Read and validate a case file (a bare case, or an example file's `input`)."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: a case must be a JSON object")
    prefix: tuple = ()
    case_data = data
    if "input" in data and "expected" in data:  # an example file: assess its input
        unknown = set(data) - {"name", "input", "expected", "reasoning"}
        if unknown:
            raise InputError(f"{sorted(unknown)[0]}: unknown field")
        case_data, prefix = data["input"], ("input",)
        if not isinstance(case_data, dict):
            raise InputError("input: a case must be a JSON object")
    if reference_date is not None:
        case_data = {**case_data, "reference_date": reference_date.isoformat()}
    try:
        return CaseInput.model_validate_json(json.dumps(case_data))
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, prefix)) from None


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
