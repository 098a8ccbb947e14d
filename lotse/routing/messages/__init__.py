"""The texts routing shows, in German and English (`de.yaml`, `en.yaml`, the same keys in both).

`render(key, **params)` gives a `Localized` text; a parameter may itself be `Localized` (taken in the
same language), a `date` (German 01.07.2025, English 1 Jul 2025, as the pages write dates) or a
plain string.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import yaml

from lotse.routing.schema import LANGS, Localized

_HERE = Path(__file__).resolve().parent
Param = str | int | date | Localized
EMPTY = Localized(de="", en="")


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All message templates of one language."""
    if lang not in LANGS:
        raise KeyError(lang)
    return yaml.safe_load((_HERE / f"{lang}.yaml").read_text(encoding="utf-8"))


MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: date, lang: str) -> str:
    """A date as shown to users: 01.07.2025 in German, 1 Jul 2025 in English (the formats of
    `lotse/formats`; no US order, no locale-dependent month names)."""
    if lang == "de":
        return value.strftime("%d.%m.%Y")
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def _in(value: Param, lang: str) -> str:
    if isinstance(value, Localized):
        return value[lang]
    if isinstance(value, date):
        return format_date(value, lang)
    return str(value)


def render(key: str, **params: Param) -> Localized:
    """The message `key` in both languages, with `params` filled in per language."""
    return fill(Localized(**{lang: catalogue(lang)[key] for lang in LANGS}), **params)


def fill(text: Localized, **params: Param) -> Localized:
    """Fill placeholders in a text from the region's data (e.g. `because` with {valid_from})."""
    return Localized(
        **{
            lang: text[lang].format(**{name: _in(v, lang) for name, v in params.items()})
            for lang in LANGS
        }
    )


def join(parts: list[Localized], separator_key: str) -> Localized:
    """Join texts per language with the separator message `separator_key`."""
    separator = render(separator_key)
    return Localized(**{lang: separator[lang].join(p[lang] for p in parts) for lang in LANGS})


def concat(*parts: Localized) -> Localized:
    """Sentences one after the other, per language, skipping empty ones."""
    return Localized(
        **{lang: " ".join(p[lang] for p in parts if p[lang]).strip() for lang in LANGS}
    )
