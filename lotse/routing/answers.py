"""What routing answers: who is competent, and why, with the rule, its dates and its sources.

Every answer carries organisation keys (as in `organisations.yaml`, for the platform to map onto its
`Organisation` rows) plus display names, and a reason in German and English naming the rule, its
validity dates, its legal basis and its source.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from lotse.routing import messages
from lotse.routing.places import Place
from lotse.routing.region import Region
from lotse.routing.schema import Dated, Frozen, Law, Localized, Source

Question = Literal["agreement_authority", "residence_authority", "chamber", "recognition_body"]
Status = Literal[
    "competent",  # one organisation is competent
    "choice_required",  # the rule lets the employer choose and no choice was stated: see `candidates`
    "outside_region",  # the place lies outside the region; `elsewhere` names who would be, if known
    "unknown_place",  # the data knows no such place; nothing is guessed
    "no_body",  # by law no body of this kind is competent (e.g. no chamber for liberal professions)
    "not_in_data",  # the region's data names no body for this (no rule for the date, or unconfirmed)
]


class RoutingInputError(ValueError):
    """An input routing cannot answer (unknown choice, trade kind, category, level mismatch).

    `code` names the message `error.<code>`; `message` renders it in German and English.
    """

    def __init__(self, code: str, **params: str) -> None:
        self.code = code
        self.params = params
        self.message = messages.render(f"error.{code}", **params)
        super().__init__(self.message.en)


class Candidate(Frozen):
    """An organisation an answer names, with the choice (`local`, `zentralstelle`) it stands for."""

    key: str
    name: str
    short_name: str
    option: str | None = None


class RoutingAnswer(Frozen):
    """One routing answer. `organisation_*` is set only when `status == "competent"`."""

    question: Question
    status: Status
    region: str
    on: date
    reason: Localized
    place: Place | None = None
    organisation_key: str | None = None
    organisation_name: str | None = None
    organisation_short_name: str | None = None
    candidates: tuple[Candidate, ...] = ()
    elsewhere: tuple[Candidate, ...] = ()
    choice: str | None = None
    choice_ignored: str | None = None
    rule_id: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    legal_basis: str | None = None
    source: str | None = None
    sources: tuple[Source, ...] = ()
    law: Law | None = None
    category: str | None = None
    occupation: str | None = None
    date_unconfirmed: Localized | None = None

    @property
    def is_competent(self) -> bool:
        """Whether the answer names exactly one competent organisation."""
        return self.status == "competent"

    def reason_in(self, lang: str) -> str:
        """The reason in `lang` ("de" or "en")."""
        return self.reason[lang]


def candidate(region: Region, key: str, option: str | None = None) -> Candidate:
    """The organisation `key` of `region` as named in answers."""
    organisation = region.organisations[key]
    return Candidate(
        key=key, name=organisation.name, short_name=organisation.short_name, option=option
    )


def validity(rule: Dated) -> Localized:
    """The rule's validity period as shown to users."""
    if rule.valid_from and rule.valid_until:
        return messages.render(
            "validity.range", valid_from=rule.valid_from, valid_until=rule.valid_until
        )
    if rule.valid_from:
        return messages.render("validity.from", valid_from=rule.valid_from)
    if rule.valid_until:
        return messages.render("validity.until", valid_until=rule.valid_until)
    return messages.render("validity.open")


def rule_fields(region: Region, rule: Dated) -> dict:
    """The answer fields every rule-based answer carries: id, dates, legal basis, sources."""
    sources = tuple(region.sources[key] for key in rule.sources)
    return {
        "rule_id": rule.id,
        "valid_from": rule.valid_from,
        "valid_until": rule.valid_until,
        "legal_basis": rule.legal_basis,
        "sources": sources,
        "source": "; ".join(source.title for source in sources),
    }


def basis(region: Region, rule: Dated) -> Localized:
    """The parenthesis every reason ends with: rule id, validity, legal basis, source."""
    fields = rule_fields(region, rule)
    return messages.render(
        "basis",
        rule_id=rule.id,
        validity=validity(rule),
        legal_basis=rule.legal_basis,
        source=fields["source"],
    )


def rule_because(rule: Dated, **params: messages.Param) -> Localized:
    """The rule's own `because` with its dates (and e.g. the place) filled in."""
    return messages.fill(
        rule.because,
        valid_from=rule.valid_from or "",
        valid_until=rule.valid_until or "",
        **params,
    )
