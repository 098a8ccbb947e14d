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
    # The Land of the organisation's seat (two letters, e.g. NW for the ZAB in Bonn), where it lies
    # outside the region's own; periods it owes end by that Land's holidays (§ 193 BGB).
    state: str | None = None


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


What = Literal["receipt_confirmation", "decision", "answer"]
Procedure = Literal["any", "regular", "accelerated"]
Trigger = Literal["receipt", "receipt_confirmation", "complete_documents", "forwarding"]
Strength = Literal["must", "should", "target", "practice"]
Unit = Literal["weeks", "months"]


class Period(Frozen):
    """One period a recognition law (or a body's stated practice) sets, as data the clocks count with.

    `what` the body owes (receipt confirmation, decision, a first answer); `procedure` the procedure it
    holds in (`accelerated`: the § 81a AufenthG case; `regular`: outside it; `any`: both); `length` in
    `unit` from `trigger`; `strength` as the source words it ("muss"/"spätestens" → must, "soll" →
    should); `citation` the provision; `sources` keys of `sources.yaml` (at least one). `confirmed:
    false` marks a value no source states (UNCONFIRMED): it is shown so and never counted as law.
    """

    what: What
    procedure: Procedure = "any"
    length: int
    unit: Unit
    trigger: Trigger
    strength: Strength
    citation: str
    sources: tuple[str, ...]
    confirmed: bool
    note: Localized | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Period:
        if self.length <= 0:
            raise ValueError(f"period {self.citation!r}: length must be positive")
        if not self.sources:
            raise ValueError(f"period {self.citation!r}: a period needs a source")
        return self

    def applies_to(self, procedure: str) -> bool:
        """Whether the period holds in `procedure` (`regular` or `accelerated`)."""
        return self.procedure in ("any", procedure)


class Law(Frozen):
    """The recognition law that sets a body's periods, regular and in a § 81a case."""

    key: str = ""
    name: Localized
    citation: str
    sources: tuple[str, ...]
    periods: tuple[Period, ...]

    def periods_for(self, procedure: str = "accelerated") -> tuple[Period, ...]:
        """The periods that run in `procedure`: per `what`, the procedure's own period where the law
        has one (e.g. § 81a: 2 months), else the one that holds in any procedure."""
        chosen: dict[str, Period] = {}
        for period in self.periods:
            if not period.applies_to(procedure):
                continue
            if period.what not in chosen or period.procedure == procedure:
                chosen[period.what] = period
        return tuple(chosen.values())


class EarlierLaw(Frozen):
    """The law an occupation's periods followed until `valid_until` (inclusive), e.g. the MTA-APrV
    before the MTBG; `date_unconfirmed` where no source states the date of the change."""

    law: str
    valid_until: date
    date_unconfirmed: Localized | None = None


class Occupation(Frozen):
    """A German reference occupation routing knows, in exactly one category; `law` where the
    occupation's own law sets its periods (e.g. each health profession's regulation), with the
    laws it followed before (`earlier`, oldest first)."""

    key: str = ""
    name: Localized
    category: str
    law: str | None = None
    earlier: tuple[EarlierLaw, ...] = ()

    def law_on(self, on: date) -> tuple[str | None, Localized | None]:
        """The occupation's own law on `on`, and the note where the change's date is unconfirmed."""
        for earlier in sorted(self.earlier, key=lambda e: e.valid_until):
            if on <= earlier.valid_until:
                return earlier.law, earlier.date_unconfirmed
        note = self.earlier[-1].date_unconfirmed if self.earlier else None
        return self.law, note


class Category(Frozen):
    """A reference-occupation category. `members_source`: where the list of its occupations comes
    from (e.g. the body's own exhaustive list); `excludes`: occupations named so that they cannot
    fall into it (they belong to another category or to none)."""

    key: str = ""
    label: Localized
    members_source: str | None = None
    excludes: tuple[str, ...] = ()


class RecognitionRule(Dated):
    """Recognition body by reference-occupation category; `organisation` None: not in the data."""

    categories: tuple[str, ...]
    levels: tuple[str, ...]
    organisation: str | None
    law: str | None
    # Set where the rule's start or end date (the date of effect of a law) is not confirmed by a
    # source: says what is known, and is shown with every answer of the rule.
    date_unconfirmed: Localized | None = None
