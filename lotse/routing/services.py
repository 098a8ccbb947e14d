"""Routing for the platform: the dated region rules (plain-Python core), answered with rows.

Reads region data only; no case data is written here. A `Case` is read for its places, authority
choice and company, and is not imported: cases sit above routing.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lotse.orgs.models import OUTSIDE_REGION, Organisation
from lotse.routing import (
    RoutingAnswer,
    agreement_authority,
    chamber,
    get_region,
    residence_authority,
)

if TYPE_CHECKING:
    from lotse.cases.models import Case


@dataclass(frozen=True)
class AuthorityAnswer:
    """A routing answer with the competent organisation's row (None when not competent here)."""

    status: str
    organisation: Organisation | None
    organisation_name: str | None
    reason: dict
    rule_id: str


def _with_row(answer: RoutingAnswer) -> AuthorityAnswer:
    organisation = None
    if answer.status == "competent" and answer.organisation_key:
        organisation = Organisation.objects.filter(key=answer.organisation_key).first()
    reason = {"de": answer.reason.de, "en": answer.reason.en}
    return AuthorityAnswer(
        answer.status, organisation, answer.organisation_name, reason, answer.rule_id or ""
    )


def _outside_region(region: str) -> AuthorityAnswer:
    """The place was given only as "outside the region": no name to route by, so no guess."""
    name = get_region(region).name
    reason = {
        "de": f"Der Ort liegt außerhalb der {name.de}; ohne Gemeinde nennt Lotse keine "
        "zuständige Behörde. Für Orte in Niedersachsen ist seit dem 01.01.2026 die Zentralstelle "
        "der Landesaufnahmebehörde Niedersachsen zuständig.",
        "en": f"The place lies outside the {name.en}; without a municipality Lotse names no "
        "competent authority. For places in Lower Saxony the Zentralstelle of the "
        "Landesaufnahmebehörde Niedersachsen has been competent since 2026-01-01.",
    }
    return AuthorityAnswer("outside_region", None, None, reason, "")


def agreement_authority_for(*, case: "Case", on: datetime.date) -> AuthorityAnswer:
    """The authority for the pre-entry § 81a procedure if the case were forwarded on `on`: by the
    workplace (§ 71 Abs. 1 AufenthG, § 31 Abs. 4 AufenthV) and the date, with the employer's
    choice in the 2025 transition."""
    if case.workplace_municipality == OUTSIDE_REGION:
        return _outside_region(case.company.region)
    answer = agreement_authority(
        workplace=case.workplace_municipality,
        on=on,
        choice=case.authority_choice or None,
        region=case.company.region,
    )
    return _with_row(answer)


def residence_authority_for(*, case: "Case", on: datetime.date) -> AuthorityAnswer:
    """The foreigners authority after entry, by the worker's intended residence."""
    if case.residence_municipality == OUTSIDE_REGION:
        return _outside_region(case.company.region)
    answer = residence_authority(
        residence=case.residence_municipality, on=on, region=case.company.region
    )
    return _with_row(answer)


def chamber_for_company(*, company: Organisation, on: datetime.date) -> AuthorityAnswer | None:
    """The chamber a company belongs to by its trade (§ 90 HwO: crafts to the HWK; § 2 IHKG: the
    rest to the IHK); None when the company's trade is not known."""
    if not company.trade:
        return None
    return _with_row(chamber(trade_kind=company.trade, on=on, region=company.region))


def authority_choice_open(*, case: "Case", on: datetime.date) -> bool:
    """Whether the rule in force on `on` lets the employer choose the authority (in Lower Saxony
    1 Jul – 31 Dec 2025), judged at the case's workplace (any of the region's when not yet given)."""
    workplace = case.workplace_municipality
    if not workplace or workplace == OUTSIDE_REGION:
        workplace = _any_municipality(case.company.region)
    answer = agreement_authority(
        workplace=workplace, on=on, choice=None, region=case.company.region
    )
    return answer.status == "choice_required"


def _any_municipality(region: str) -> str:
    return next(iter(get_region(region).municipalities)).key
