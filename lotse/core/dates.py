"""Dates and times as text in the page's language, the short way (issue 13).

Django's `dateformat.format` reads its format string letter by letter for each value, through a
formatter object made for it: fourteen microseconds a date, and the case page writes some twenty
of them (its facts, its timeline). The formats this platform uses (`lotse/formats`: "d.m.Y, H:i",
"j M Y, H:i") are made of a few letters; `formatter` turns such a format into its parts once and
gives the same text as `dateformat.format`. A format with any other letter, or an escaped one,
is left to Django."""

import datetime
import functools
from collections.abc import Callable

from django.utils import dateformat
from django.utils.dates import MONTHS_3
from django.utils.formats import get_format

# Each letter as `dateformat.DateFormat` writes it (Django 5.2).
_LETTERS: dict[str, Callable] = {
    "d": lambda value: f"{value.day:02d}",
    "j": lambda value: str(value.day),
    "m": lambda value: f"{value.month:02d}",
    "n": lambda value: str(value.month),
    "Y": lambda value: f"{value.year:04d}",
    "M": lambda value: MONTHS_3[value.month].title(),
}
_TIME_LETTERS: dict[str, Callable] = {
    "H": lambda value: f"{value.hour:02d}",
    "i": lambda value: f"{value.minute:02d}",
}


@functools.cache
def formatter(format_string: str) -> Callable[[datetime.date], str]:
    """A function giving `dateformat.format(value, format_string)` for a date or a datetime
    (a datetime as it is given: the caller turns it into local time first, as Django's callers
    do)."""
    parts: list = []
    timed = False
    for letter in format_string:
        if letter in _LETTERS:
            parts.append(_LETTERS[letter])
        elif letter in _TIME_LETTERS:
            parts.append(_TIME_LETTERS[letter])
            timed = True
        elif letter.isalpha() or letter == "\\":
            return functools.partial(_django, format_string=format_string)
        else:
            parts.append(letter)

    def formatted(value) -> str:
        if timed and not isinstance(value, datetime.datetime):
            return _django(value, format_string)  # Django says why a date has no time
        return "".join(part if type(part) is str else part(value) for part in parts)

    return formatted


def _django(value, format_string: str) -> str:
    return dateformat.format(value, format_string)


def date_text(value, format_name: str = "SHORT_DATE_FORMAT") -> str:
    """`formats.date_format(value, format_name)`: the value in the named format of the active
    language."""
    return formatter(get_format(format_name))(value)
