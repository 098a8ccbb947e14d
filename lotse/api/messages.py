"""Messages of the API's 422 envelope in the user's language instead of pydantic's English.

Pydantic names every error by a stable `type` and puts its limits into `ctx`
(https://docs.pydantic.dev/latest/errors/validation_errors/); the sentence is built from those two,
so it does not depend on pydantic's wording. Where Django's forms say the same, the msgid is
Django's, so the API and the HTML forms speak alike.
"""

import re
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext_lazy as _

REQUIRED = _("This field is required.")
WHOLE_NUMBER = _("Enter a whole number.")
NUMBER = _("Enter a number.")
DATE = _("Enter a valid date.")
DATETIME = _("Enter a valid date/time.")
TIME = _("Enter a valid time.")
BOOLEAN = _("Enter true or false.")
UUID = _("Enter a valid UUID.")
CHOICE = _("Choose one of: %(expected)s.")
LIST = _("Enter a list of values.")
OBJECT = _("Enter an object with named fields.")
JSON = _("Enter a valid JSON.")

# error type → sentence; its placeholders are filled from the error's `ctx`.
MESSAGES = {
    "missing": REQUIRED,
    "extra_forbidden": _("This field is not known here."),
    "unexpected_keyword_argument": _("This field is not known here."),
    "string_type": _("Enter text."),
    "string_unicode": _("Enter text."),
    "string_too_long": _("At most %(max_length)s characters."),
    "string_too_short": _("At least %(min_length)s characters."),
    "string_pattern_mismatch": _("The format is not valid."),
    "int_parsing": WHOLE_NUMBER,
    "int_type": WHOLE_NUMBER,
    "int_from_float": WHOLE_NUMBER,
    "int_parsing_size": _("This number is too large."),
    "float_parsing": NUMBER,
    "float_type": NUMBER,
    "finite_number": NUMBER,
    "decimal_parsing": NUMBER,
    "decimal_type": NUMBER,
    "decimal_not_finite": NUMBER,
    "decimal_max_digits": _("At most %(max_digits)s digits in total."),
    "decimal_max_places": _("At most %(decimal_places)s decimal places."),
    "decimal_whole_digits": _("At most %(whole_digits)s digits before the decimal point."),
    "greater_than": _("Enter a value greater than %(gt)s."),
    "greater_than_equal": _("Enter a value of at least %(ge)s."),
    "less_than": _("Enter a value less than %(lt)s."),
    "less_than_equal": _("Enter a value of at most %(le)s."),
    "date_parsing": DATE,
    "date_type": DATE,
    "date_from_datetime_parsing": DATE,
    "date_from_datetime_inexact": DATE,
    "datetime_parsing": DATETIME,
    "datetime_type": DATETIME,
    "datetime_from_date_parsing": DATETIME,
    "datetime_object_invalid": DATETIME,
    "time_parsing": TIME,
    "time_type": TIME,
    "bool_parsing": BOOLEAN,
    "bool_type": BOOLEAN,
    "uuid_parsing": UUID,
    "uuid_type": UUID,
    "uuid_version": UUID,
    "literal_error": CHOICE,
    "enum": CHOICE,
    "too_long": _("At most %(max_length)s entries."),
    "too_short": _("At least %(min_length)s entries."),
    "list_type": LIST,
    "tuple_type": LIST,
    "set_type": LIST,
    "dict_type": OBJECT,
    "model_type": OBJECT,
    "model_attributes_type": OBJECT,
    "json_invalid": JSON,
    "json_type": JSON,
}

# pydantic's prefixes before a validator's own message, which is already in the user's language
CUSTOM_PREFIXES = {"value_error": "Value error, ", "assertion_error": "Assertion failed, "}
QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def field_message(error: dict) -> str:
    """The sentence for one pydantic error (its `type` and `ctx`) in the active language.

    A validator's own message loses pydantic's "Value error, " prefix; an error type without a
    sentence here, or whose `ctx` lacks a placeholder, keeps pydantic's message."""
    kind = str(error.get("type", ""))
    fallback = str(error.get("msg", ""))
    if kind in CUSTOM_PREFIXES:
        return fallback.removeprefix(CUSTOM_PREFIXES[kind])
    message = MESSAGES.get(kind)
    if message is None:
        return fallback
    text = str(message)
    ctx = {key: shown(value) for key, value in (error.get("ctx") or {}).items()}
    if "expected" in ctx:
        ctx["expected"] = choices(ctx["expected"])
    placeholders = set(PLACEHOLDER.findall(text))
    if not placeholders:
        return text
    if not placeholders <= set(ctx):
        return fallback
    return text % ctx


def shown(value) -> str:
    """A limit from `ctx` as the user's locale writes numbers (0,5 in German), the rest as text."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return formats.number_format(value)
    return str(value)


def choices(expected: str) -> str:
    """Pydantic's English list of allowed values ("'a', 'b' or 'c'") as 'a', 'b', 'c'."""
    quoted = QUOTED.findall(expected)
    if quoted:
        return ", ".join(f"'{value}'" for value in quoted)
    return ", ".join(part for part in re.split(r",\s*|\s+or\s+", expected) if part)
