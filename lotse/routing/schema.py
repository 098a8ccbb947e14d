"""The shape of a region's routing data (`regions/<name>/*.yaml`), validated on load.

Competence has dates (DESIGN.md, "Regions are data, and competence has dates"): every rule carries
`valid_from` and `valid_until`, both inclusive, `None` meaning open. A change of competence is a new rule;
the old one keeps its dates so that old cases keep their history.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

Lang = Literal["de", "en"]
LANGS: tuple[Lang, ...] = ("de", "en")


class Frozen(BaseModel):
    """Immutable, strict about unknown fields: a typo in the YAML fails the load, not a user."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Localized(Frozen):
    """A text in German and English; both are required (German first, English complete)."""

    de: str
    en: str

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGS:
            raise KeyError(lang)
        return getattr(self, lang)


class Organisation(Frozen):
    """The part of an `organisations.yaml` entry that routing shows; the orgs loader owns the rest."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    key: str
    name: str
    short_name: str
    kind: str


class Municipality(Frozen):
    """A municipality of the region; routing goes by it (its key or AGS), never by postcode alone."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    key: str
    name: str
    official_name: str | None = None
    aliases: tuple[str, ...] = ()
    ags: str
    postcodes: tuple[str, ...] = ()


class OutsidePlace(Frozen):
    """A place known to lie outside the region, with its Land (two-letter code, e.g. NI)."""

    name: str
    aliases: tuple[str, ...] = ()
    state: str
    district: str | None = None


class Source(Frozen):
    """A public source a rule cites; its title is shown to users."""

    key: str
    title: str
    url: str | None = None


class Dated(Frozen):
    """A rule with a validity period, both ends inclusive; `None` is open."""

    id: str
    valid_from: date | None = None
    valid_until: date | None = None
    because: Localized
    legal_basis: str
    sources: tuple[str, ...]

    @model_validator(mode="after")
    def _ordered(self) -> Dated:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(f"rule {self.id!r}: valid_until before valid_from")
        return self

    def applies_on(self, on: date) -> bool:
        """Whether `on` lies within the rule's validity period."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on <= self.valid_until
        )


class Branch(Frozen):
    """One assignment of a rule: these municipalities (or, without a list, all others) → organisation.

    `statewide` marks an authority competent for the whole Land, so it is also named for a place outside
    the region but in the same Land.
    """

    municipalities: tuple[str, ...] | None = None
    organisation: str
    statewide: bool = False
    because: Localized


class Option(Frozen):
    """One choice open under a rule (e.g. the 2025 choice in Lower Saxony), with its assignments.

    `label` is the option inside a sentence ("die örtliche Ausländerbehörde"), `title` the option
    as a form offers it and the case's history names it ("Örtliche Ausländerbehörde").
    """

    label: Localized
    title: Localized
    assign: tuple[Branch, ...]


class ChoiceTexts(Frozen):
    """What the platform asks and answers about a rule's choice, in the region's words: the form's
    `question` and `help`, the refusal when the choice is `missing` at submission, and when it is
    asked for while `closed` (another date, or the case forwarded already)."""

    question: Localized
    help: Localized
    missing: Localized
    closed: Localized


class AuthorityRule(Dated):
    """A dated competence rule for a foreigners-authority question: either `assign` or `options`."""

    assign: tuple[Branch, ...] | None = None
    options: dict[str, Option] | None = None
    choice: ChoiceTexts | None = None

    @model_validator(mode="after")
    def _one_of(self) -> AuthorityRule:
        if (self.assign is None) == (self.options is None):
            raise ValueError(f"rule {self.id!r}: give exactly one of `assign` and `options`")
        if (self.options is None) != (self.choice is None):
            raise ValueError(f"rule {self.id!r}: `options` need the `choice` texts, and only they")
        return self

    def branch_lists(self) -> list[tuple[Branch, ...]]:
        """Every list of branches the rule holds, for validation."""
        if self.assign is not None:
            return [self.assign]
        return [option.assign for option in (self.options or {}).values()]


class AuthorityQuestion(Frozen):
    """The rules for one question, with the place the law makes decisive for it."""

    decisive_place: Literal["workplace", "residence"]
    rules: tuple[AuthorityRule, ...]


class ChamberRule(Dated):
    """Chamber membership by trade kind; `organisation` is None where neither chamber is competent."""

    trade_kinds: tuple[str, ...]
    organisation: str | None


class Deadline(Frozen):
    """A period a recognition law sets, in weeks or months, with its strength and basis."""

    id: str
    weeks: int | None = None
    months: int | None = None
    starts: Localized
    strength: Literal["must", "should", "target", "practice"]
    basis: str
    note: Localized | None = None
    confirmed: bool

    @model_validator(mode="after")
    def _one_unit(self) -> Deadline:
        if (self.weeks is None) == (self.months is None):
            raise ValueError(f"deadline {self.id!r}: give exactly one of `weeks` and `months`")
        return self


class Law(Frozen):
    """The recognition law that sets a body's deadlines in a § 81a case."""

    key: str = ""
    name: Localized
    citation: str
    sources: tuple[str, ...]
    deadlines: tuple[Deadline, ...]


class RecognitionRule(Dated):
    """Recognition body by reference-occupation category; `organisation` None: not in the data."""

    categories: tuple[str, ...]
    levels: tuple[str, ...]
    organisation: str | None
    law: str | None
