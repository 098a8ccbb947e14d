"""Find the place a user means: a municipality of the region, a known place outside it, or nothing.

Routing goes by municipality (its key or its AGS, Amtlicher Gemeindeschlüssel), never by postcode alone:
postcode areas need not follow municipal borders (authorities.md § 2). A postcode only pre-selects
candidates in a form (`municipalities_for_postcode`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from lotse.routing.region import Region
from lotse.routing.schema import Frozen, Municipality

# The first two digits of an AGS are the Land (Destatis, Gemeindeverzeichnis): this is federal, not
# regional, so it lives here. Used only to say in which Land a place outside the region lies.
STATE_BY_AGS_PREFIX = {
    "01": "SH",
    "02": "HH",
    "03": "NI",
    "04": "HB",
    "05": "NW",
    "06": "HE",
    "07": "RP",
    "08": "BW",
    "09": "BY",
    "10": "SL",
    "11": "BE",
    "12": "BB",
    "13": "MV",
    "14": "SN",
    "15": "ST",
    "16": "TH",
}
AGS_PATTERN = re.compile(r"^\d{8}$")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_SEPARATORS = re.compile(r"[\s\-_/.,;:()]+")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")


class Place(Frozen):
    """The place an answer is about, as resolved from the user's input."""

    query: str
    kind: Literal["municipality", "outside", "unknown"]
    key: str | None = None
    name: str | None = None
    ags: str | None = None
    state: str | None = None

    @property
    def in_region(self) -> bool:
        """Whether the place is a municipality of the region."""
        return self.kind == "municipality"

    @property
    def label(self) -> str:
        """The name to show: the official one if resolved, else the user's input."""
        return self.name or self.query


def variants(text: str) -> set[str]:
    """Comparable forms of a name: case-folded, umlauts as `ae` or plain, separators as one space.

    So "Neustadt am Ruebenberge", "neustadt-am-rübenberge" and "Neustadt am Rubenberge" all meet.
    """
    folded = text.strip().casefold()
    spelled = folded.translate(_UMLAUTS)
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    return {_SEPARATORS.sub(" ", form).strip() for form in (spelled, plain)} - {""}


def _names(*names: str | None) -> set[str]:
    """All variants of the given names, also without a parenthesised suffix ("Wennigsen (Deister)")."""
    found: set[str] = set()
    for name in filter(None, names):
        found |= variants(name) | variants(_PARENTHESIS.sub("", name))
    return found


def _municipality_names(municipality: Municipality) -> set[str]:
    return _names(
        municipality.key, municipality.name, municipality.official_name, *municipality.aliases
    )


def find_place(region: Region, query: str) -> Place:
    """Resolve `query` (name, key, official name, alias or AGS) against the region's data.

    Case-insensitive and umlaut-tolerant. An 8-digit AGS outside the region is placed in its Land by its
    first two digits; a name the data does not know stays `unknown` — no guess.
    """
    text = query.strip()
    if AGS_PATTERN.match(text):
        return _place_by_ags(region, text)
    wanted = variants(text)
    for municipality in region.municipalities:
        if wanted & _municipality_names(municipality):
            return _municipality_place(text, municipality)
    for outside in region.outside:
        if wanted & _names(outside.name, *outside.aliases):
            return Place(query=text, kind="outside", name=outside.name, state=outside.state)
    return Place(query=text, kind="unknown")


def _place_by_ags(region: Region, ags: str) -> Place:
    for municipality in region.municipalities:
        if municipality.ags == ags:
            return _municipality_place(ags, municipality)
    region_prefixes = {m.ags[:5] for m in region.municipalities}
    if ags[:5] in region_prefixes or ags[:2] not in STATE_BY_AGS_PREFIX:
        return Place(query=ags, kind="unknown", ags=ags)
    return Place(query=ags, kind="outside", ags=ags, state=STATE_BY_AGS_PREFIX[ags[:2]])


def _municipality_place(query: str, municipality: Municipality) -> Place:
    return Place(
        query=query,
        kind="municipality",
        key=municipality.key,
        name=municipality.name,
        ags=municipality.ags,
    )


def find_municipality(region: Region, query: str) -> Municipality | None:
    """The region's municipality `query` names, or None."""
    place = find_place(region, query)
    return next((m for m in region.municipalities if m.key == place.key), None)


def municipalities_for_postcode(region: Region, postcode: str) -> tuple[Municipality, ...]:
    """Municipalities whose postcodes include `postcode`, for pre-selecting a form field only.

    Never route by the result alone: a postcode may span municipalities, and most postcodes in the data
    are unconfirmed (municipalities.yaml).
    """
    code = postcode.strip()
    return tuple(m for m in region.municipalities if code in m.postcodes)
