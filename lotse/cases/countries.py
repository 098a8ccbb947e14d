"""Countries of citizenship and of qualification: ISO 3166-1, stored as the alpha-2 code and
named in the page's language (django-countries' list and its German translation)."""

import functools
import unicodedata

from django.utils import translation
from django_countries import countries


def _sort_key(name: str) -> str:
    # "Österreich" sorts with O, as a German reader looks for it
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def countries_by_name() -> list[tuple[str, str]]:
    """(code, name) of every country, by name in the active language."""
    return sorted(((code, str(name)) for code, name in countries), key=lambda c: _sort_key(c[1]))


def country_name(code: str) -> str:
    """The country's name in the active language; a value that is no code is shown as it is."""
    if not code:
        return ""
    return _name(code.upper(), translation.get_language()) or code


@functools.lru_cache(maxsize=1024)
def _name(code: str, language: str | None) -> str:
    """django-countries' name of `code` in `language`, looked up once: its lookup translates
    the whole list anew for each name."""
    with translation.override(language):
        name = countries.name(code)
        return str(name) if name else ""


def country_code(value: str) -> str | None:
    """The alpha-2 code `value` names: a code (alpha-2 or alpha-3, any case) or a country's
    name in German or English. None when it names no country."""
    text = (value or "").strip()
    if not text:
        return None
    code = countries.alpha2(text.upper()) if text.isascii() and len(text) in (2, 3) else ""
    if code:
        return code
    wanted = _sort_key(text)
    for language in ("de", "en"):
        with translation.override(language):
            for code, name in countries:
                if _sort_key(str(name)) == wanted:
                    return code
    return None
