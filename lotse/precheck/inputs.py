"""Reading a case from untrusted JSON text: a size limit, a depth limit, one error naming the field.

Used by the command line and the platform's API alike, so that no input ends in a traceback: text
that is too large, not JSON, nested too deeply, of the wrong shape or type gives an `InputError`
with the field (dotted path) and a message; a valid case gives a `CaseInput`.
"""

from __future__ import annotations

import json
from datetime import date

from pydantic import ValidationError

from lotse.precheck.model import CaseInput

# A case is about two kilobytes; an example file with its reasoning under ten.
MAX_BYTES = 64 * 1024
# A case nests three levels (case, part, documents list); an example file one more.
MAX_DEPTH = 8
EXAMPLE_KEYS = frozenset({"name", "input", "expected", "reasoning"})


TOO_LARGE, NOT_JSON, TOO_DEEP, NOT_OBJECT, INVALID = (
    "too_large",
    "not_json",
    "too_deep",
    "not_object",
    "invalid",
)


class InputError(ValueError):
    """Input the pre-check cannot take: `field` names where (dotted), `message` says why, `kind`
    is one of TOO_LARGE, NOT_JSON, TOO_DEEP, NOT_OBJECT, INVALID (for callers that word it)."""

    def __init__(self, field: str, message: str, kind: str = INVALID) -> None:
        field, message = printable(field, 200), printable(message, 2000)
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
        self.kind = kind


def printable(text: str, limit: int) -> str:
    """`text` on one line (control characters escaped), cut to `limit` characters."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _location(loc: tuple) -> str:
    text = ""
    for part in loc:
        part = part if isinstance(part, int) else printable(str(part), 60) or '""'

        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _describe(error: dict) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        noun = "document id" if "documents" in error["loc"] else "value"
        shown = repr(given) if isinstance(given, str | int | float | bool) else type(given).__name__
        return f"unknown {noun} {shown[:60]} (expected {expected})"
    if kind == "missing":
        return "required"
    return error["msg"].removeprefix("Value error, ")


def describe_validation_error(exc: ValidationError, prefix: tuple = ()) -> tuple[str, str]:
    """The first bad field and one line naming each: `person.birth_date: expected a date ...`."""
    parts, first = [], ""
    for error in exc.errors():
        where = _location(prefix + tuple(error["loc"]))
        first = first or where
        parts.append(f"{where}: {_describe(error)}" if where else _describe(error))
    return first, "; ".join(parts)


def too_deep(data: object, limit: int = MAX_DEPTH) -> str | None:
    """The dotted path of the first value nested deeper than `limit`, or None (no recursion)."""
    stack = [(data, (), 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return _location(path) or "input"
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((item, (*path, key), depth + 1) for key, item in items)
    return None


def parse_json(text: str | bytes, limit: int = MAX_BYTES) -> object:
    """JSON data from `text` within the size and depth limits, or InputError."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > limit:
        raise InputError("input", f"too large: {size:,} bytes, at most {limit:,} bytes", TOO_LARGE)
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputError(
            "input", f"nested too deeply (at most {MAX_DEPTH} levels)", TOO_DEEP
        ) from None
    except UnicodeDecodeError:
        raise InputError("input", "not UTF-8 text", NOT_JSON) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            "input",
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            NOT_JSON,
        ) from None
    deep = too_deep(data)
    if deep is not None:
        raise InputError(deep, f"nested too deeply (at most {MAX_DEPTH} levels)", TOO_DEEP)
    return data


def parse_case_object(text: str | bytes) -> dict:
    """The JSON object of a bare case (limits checked), or InputError."""
    data = parse_json(text)
    if not isinstance(data, dict):
        raise InputError("input", "a case must be a JSON object", NOT_OBJECT)
    return data


def read_case(
    text: str | bytes,
    *,
    today: date | None = None,
    reference_date: date | None = None,
    examples: bool = True,
) -> CaseInput:
    """A validated case from JSON text: a bare case or (with `examples`) an example file's `input`.

    `today` fills a missing reference date (the caller's clock); `reference_date` overrides it.
    """
    data = parse_case_object(text)
    prefix: tuple = ()
    if examples and "input" in data and "expected" in data:  # an example file: its input
        unknown = sorted(set(data) - EXAMPLE_KEYS)
        if unknown:
            raise InputError(unknown[0][:60], "unknown field")
        data, prefix = data["input"], ("input",)
        if not isinstance(data, dict):
            raise InputError("input", "a case must be a JSON object", NOT_OBJECT)
    if reference_date is not None:
        data = {**data, "reference_date": reference_date.isoformat()}
    try:
        return CaseInput.model_validate_json(json.dumps(data), context={"today": today})
    except ValidationError as exc:
        field, message = describe_validation_error(exc, prefix)
        raise InputError(field, message.removeprefix(f"{field}: ")) from None
