"""Load a region folder (`regions/<name>/`) into one validated, immutable `Region`.

A second region is a new folder, not new code. The folder is found as `<repo>/regions`, or where the
environment variable `LOTSE_REGIONS_DIR` points; `load_region(directory)` takes one explicitly (tests).
Files: `region.yaml`, `municipalities.yaml`, `organisations.yaml` (shared with the orgs loader),
`routing.yaml`, `sources.yaml`, and optionally `chambers.yaml`, `recognition.yaml`, `neighbours.yaml`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from lotse.routing import messages
from lotse.routing.schema import (
    AuthorityQuestion,
    AuthorityRule,
    Category,
    ChamberRule,
    Dated,
    Law,
    Localized,
    Municipality,
    Occupation,
    Organisation,
    OutsidePlace,
    RecognitionRule,
    Source,
)

REGION_ENV = "LOTSE_REGION"
REGIONS_ENV = "LOTSE_REGIONS_DIR"
# The platform's region, the one default of the whole code: `$LOTSE_REGION` (Django's
# `settings.LOTSE_REGION` is this value), else the first region, Hannover.
DEFAULT_REGION = os.environ.get(REGION_ENV) or "hannover"


class RegionDataError(ValueError):
    """The region's data is inconsistent (unknown key, overlapping rules, gaps); raised on load."""


@dataclass(frozen=True, eq=False)
class Region:
    """One region's routing data. Build it with `load_region`; it is never changed afterwards."""

    key: str
    name: Localized
    state: str
    municipalities: tuple[Municipality, ...]
    organisations: dict[str, Organisation]
    sources: dict[str, Source]
    agreement: AuthorityQuestion
    residence: AuthorityQuestion
    outside: tuple[OutsidePlace, ...] = ()
    trade_kinds: tuple[str, ...] = ()
    chamber_rules: tuple[ChamberRule, ...] = ()
    levels: tuple[str, ...] = ()
    laws: dict[str, Law] = field(default_factory=dict)
    recognition_rules: tuple[RecognitionRule, ...] = ()
    recognition_categories: dict[str, Category] = field(default_factory=dict)
    occupations: dict[str, Occupation] = field(default_factory=dict)

    @property
    def categories(self) -> tuple[str, ...]:
        """The reference-occupation categories: those declared, then any a rule names."""
        named = (c for rule in self.recognition_rules for c in rule.categories)
        return tuple(dict.fromkeys([*self.recognition_categories, *named]))

    def members(self, category: str) -> tuple[Occupation, ...]:
        """The occupations the data places in `category`."""
        return tuple(o for o in self.occupations.values() if o.category == category)

    @property
    def choices(self) -> tuple[str, ...]:
        """Every choice name any agreement rule offers (e.g. `local`, `zentralstelle`)."""
        names = (name for rule in self.agreement.rules for name in (rule.options or {}))
        return tuple(dict.fromkeys(names))

    @property
    def choice_rules(self) -> tuple[AuthorityRule, ...]:
        """The agreement rules that let the employer choose, oldest first."""
        return tuple(rule for rule in self.agreement.rules if rule.options is not None)

    def choice_title(self, name: str) -> Localized | None:
        """How forms and the history name the choice `name` (its latest rule's title)."""
        titles = [rule.options[name].title for rule in self.choice_rules if name in rule.options]
        return titles[-1] if titles else None


# resolved once: every page asks for its region several times, and resolving a path asks the disk
_REPOSITORY_REGIONS = Path(__file__).resolve().parents[2] / "regions"


def regions_dir() -> Path:
    """The folder holding the regions: `$LOTSE_REGIONS_DIR`, else `<repo>/regions`."""
    configured = os.environ.get(REGIONS_ENV)
    return Path(configured) if configured else _REPOSITORY_REGIONS


def get_region(key: str = DEFAULT_REGION) -> Region:
    """The region `key` from `regions_dir()`, loaded once per folder."""
    return load_region(regions_dir() / key)


def resolve_region(region: Region | str) -> Region:
    """A `Region` as given, or the one named by its key."""
    return get_region(region) if isinstance(region, str) else region


@lru_cache(maxsize=16)
def _load_cached(directory: Path) -> Region:
    return _build(directory)


def load_region(directory: Path | str) -> Region:
    """Load and validate the region in `directory` (cached by its resolved path)."""
    path = _resolved(str(directory))
    if path is None:
        raise RegionDataError(f"no region.yaml in {Path(directory).resolve()}")
    return _load_cached(path)


_RESOLVED: dict[str, Path] = {}


def _resolved(directory: str) -> Path | None:
    """The resolved folder of a region that has its `region.yaml`, else None (not kept, so a
    folder made later is found)."""
    found = _RESOLVED.get(directory)
    if found is None:
        path = Path(directory).resolve()
        if not (path / "region.yaml").is_file():
            return None
        found = _RESOLVED.setdefault(directory, path)
    return found


def clear_cache() -> None:
    """Forget loaded regions, e.g. after a test edited a region folder."""
    _load_cached.cache_clear()


def _read(directory: Path, name: str, *, required: bool = True) -> dict[str, Any]:
    path = directory / name
    if not path.is_file():
        if required:
            raise RegionDataError(f"missing {path}")
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _build(directory: Path) -> Region:
    meta = _read(directory, "region.yaml")
    routing = _read(directory, "routing.yaml")
    chambers = _read(directory, "chambers.yaml", required=False)
    recognition = _read(directory, "recognition.yaml", required=False)
    orgs = _read(directory, "organisations.yaml")["organisations"]
    sources = _read(directory, "sources.yaml")["sources"]
    laws = recognition.get("laws", {})
    region = Region(
        key=meta["key"],
        name=Localized(**meta["name"]),
        state=meta["state"],
        municipalities=tuple(
            Municipality(**m) for m in _read(directory, "municipalities.yaml")["municipalities"]
        ),
        organisations={o["key"]: Organisation(**o) for o in orgs},
        sources={key: Source(key=key, **value) for key, value in sources.items()},
        agreement=AuthorityQuestion(**routing["agreement_authority"]),
        residence=AuthorityQuestion(**routing["residence_authority"]),
        outside=tuple(
            OutsidePlace(**p)
            for p in _read(directory, "neighbours.yaml", required=False).get("places", [])
        ),
        trade_kinds=tuple(chambers.get("trade_kinds", ())),
        chamber_rules=tuple(ChamberRule(**r) for r in chambers.get("rules", ())),
        levels=tuple(recognition.get("levels", ())),
        laws={key: Law(key=key, **value) for key, value in laws.items()},
        recognition_rules=tuple(RecognitionRule(**r) for r in recognition.get("rules", ())),
        recognition_categories={
            key: Category(key=key, **value)
            for key, value in recognition.get("categories", {}).items()
        },
        occupations={
            key: Occupation(key=key, **value)
            for key, value in recognition.get("occupations", {}).items()
        },
    )
    _validate(region)
    return region


def _validate(region: Region) -> None:
    """Refuse data that could give a wrong or no answer: dangling keys, overlaps, uncovered places."""
    problems: list[str] = []
    municipality_keys = {m.key for m in region.municipalities}
    all_rules: list[Dated] = [
        *region.agreement.rules,
        *region.residence.rules,
        *region.chamber_rules,
        *region.recognition_rules,
    ]
    problems += _duplicates(rule.id for rule in all_rules)
    problems += _duplicates(m.key for m in region.municipalities)
    for rule in all_rules:
        problems += _unknown(rule.sources, region.sources, f"rule {rule.id!r} source")
    texts = messages.catalogue("de")
    for law in region.laws.values():
        problems += _unknown(law.sources, region.sources, f"law {law.key!r} source")
        for period in law.periods:
            problems += _unknown(period.sources, region.sources, f"law {law.key!r} period source")
    problems += _recognition_problems(region)
    states = [f"state.{place.state}" for place in region.outside]
    problems += _unknown(states, texts, "Land message")
    for question in (region.agreement, region.residence):
        problems += _overlaps(question.rules)
        for rule in question.rules:
            for branches in rule.branch_lists():
                orgs = [b.organisation for b in branches]
                problems += _unknown(orgs, region.organisations, f"rule {rule.id!r} organisation")
                listed = {k for b in branches for k in (b.municipalities or ())}
                problems += _unknown(listed, municipality_keys, f"rule {rule.id!r} municipality")
                if (
                    all(b.municipalities is not None for b in branches)
                    and listed != municipality_keys
                ):
                    problems.append(f"rule {rule.id!r}: not every municipality is assigned")
    for kind in region.trade_kinds:
        problems += _overlaps([r for r in region.chamber_rules if kind in r.trade_kinds])
    for rule in region.chamber_rules:
        problems += _unknown(rule.trade_kinds, region.trade_kinds, f"rule {rule.id!r} trade kind")
        problems += _unknown(_keys(rule.organisation), region.organisations, f"rule {rule.id!r}")
    for category in region.categories:
        problems += _overlaps([r for r in region.recognition_rules if category in r.categories])
    for rule in region.recognition_rules:
        problems += _unknown(rule.levels, region.levels, f"rule {rule.id!r} level")
        problems += _unknown(_keys(rule.organisation), region.organisations, f"rule {rule.id!r}")
        problems += _unknown(_keys(rule.law), region.laws, f"rule {rule.id!r} law")
    if problems:
        raise RegionDataError(f"region {region.key!r}: " + "; ".join(problems))


def _recognition_problems(region: Region) -> list[str]:
    """Occupations in declared categories with known laws; excluded ones really outside."""
    problems: list[str] = []
    declared = region.recognition_categories
    named = {c for rule in region.recognition_rules for c in rule.categories}
    problems += _unknown(named, declared, "rule category (declare it under `categories`)")
    clashes = sorted(set(region.occupations) & set(declared))
    problems += [f"key {key!r} is both an occupation and a category" for key in clashes]
    for occupation in region.occupations.values():
        problems += _unknown(
            [occupation.category], declared, f"occupation {occupation.key!r} category"
        )
        problems += _unknown(
            _keys(occupation.law), region.laws, f"occupation {occupation.key!r} law"
        )
    for category in declared.values():
        problems += _unknown(
            _keys(category.members_source), region.sources, f"category {category.key!r} source"
        )
        problems += _unknown(
            category.excludes, region.occupations, f"category {category.key!r} excluded occupation"
        )
        inside = [
            k
            for k in category.excludes
            if k in region.occupations and region.occupations[k].category == category.key
        ]
        problems += [f"category {category.key!r} excludes its own member {k!r}" for k in inside]
    return problems


def _keys(value: str | None) -> tuple[str, ...]:
    return () if value is None else (value,)


def _unknown(keys: Iterable[str], known: Iterable[str], what: str) -> list[str]:
    known_set = set(known)
    return [f"unknown {what} {key!r}" for key in keys if key not in known_set]


def _duplicates(keys: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    duplicates = []
    for key in keys:
        if key in seen:
            duplicates.append(f"duplicate key {key!r}")
        seen.add(key)
    return duplicates


def _overlaps(rules: Sequence[Dated]) -> list[str]:
    """Pairs of rules whose validity periods share a day (both ends inclusive)."""
    found = []
    for i, first in enumerate(rules):
        for second in rules[i + 1 :]:
            starts = max(first.valid_from or date.min, second.valid_from or date.min)
            ends = min(first.valid_until or date.max, second.valid_until or date.max)
            if starts <= ends:
                found.append(f"rules {first.id!r} and {second.id!r} overlap")
    return found
