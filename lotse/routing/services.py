"""Routing for the platform: the dated region rules (plain-Python core), answered with rows.

Reads region data only; no case data is written here. A `Case` is read for its places, authority
choice and company, and is not imported: cases sit above routing.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import translation

from lotse.orgs.models import OUTSIDE_REGION, Organisation
from lotse.routing import (
    RoutingAnswer,
    agreement_authority,
    chamber,
    get_region,
    messages,
    residence_authority,
)
from lotse.routing.answers import basis
from lotse.routing.schema import AuthorityQuestion, AuthorityRule, Localized

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
    organisation_key: str | None = None


def _with_row(answer: RoutingAnswer, row: bool = True) -> AuthorityAnswer:
    """The answer with the organisation's row; `row=False` spares the query where only the
    reason and the key are shown (the case page)."""
    organisation = None
    competent = answer.status == "competent" and answer.organisation_key
    if competent and row:
        organisation = Organisation.objects.filter(key=answer.organisation_key).first()
    reason = {"de": answer.reason.de, "en": answer.reason.en}
    return AuthorityAnswer(
        answer.status,
        organisation,
        answer.organisation_name,
        reason,
        answer.rule_id or "",
        answer.organisation_key if competent else None,
    )


def _outside_region(
    region_key: str, rules: AuthorityQuestion, on: datetime.date
) -> AuthorityAnswer:
    """The place was given only as "outside the region": no name to route by, so no guess; the
    region's data may still name an authority competent for its whole Land on that day."""
    region = get_region(region_key)
    parts = [messages.render("outside.unnamed", region=region.name)]
    rule = next((r for r in rules.rules if r.applies_on(on)), None)
    statewide = [b for b in (rule.assign or ()) if b.statewide] if rule is not None else []
    if statewide:
        parts.append(
            messages.render(
                "outside.unnamed_statewide",
                state=messages.render("state." + region.state),
                name=region.organisations[statewide[0].organisation].name,
                basis=basis(region, rule),
            )
        )
    reason = messages.concat(*parts)
    return AuthorityAnswer("outside_region", None, None, {"de": reason.de, "en": reason.en}, "")


def agreement_authority_for(
    *, case: "Case", on: datetime.date, row: bool = True
) -> AuthorityAnswer:
    """The authority for the pre-entry § 81a procedure if the case were forwarded on `on`: by the
    workplace (§ 71 Abs. 1 AufenthG, § 31 Abs. 4 AufenthV) and the date, with the employer's
    choice in the 2025 transition."""
    if case.workplace_municipality == OUTSIDE_REGION:
        return _outside_region(case.company.region, get_region(case.company.region).agreement, on)
    answer = agreement_authority(
        workplace=case.workplace_municipality,
        on=on,
        choice=case.authority_choice or None,
        region=case.company.region,
    )
    return _with_row(answer, row)


def residence_authority_for(
    *, case: "Case", on: datetime.date, row: bool = True
) -> AuthorityAnswer:
    """The foreigners authority after entry, by the worker's intended residence."""
    if case.residence_municipality == OUTSIDE_REGION:
        return _outside_region(case.company.region, get_region(case.company.region).residence, on)
    answer = residence_authority(
        residence=case.residence_municipality, on=on, region=case.company.region
    )
    return _with_row(answer, row)


def chamber_for_company(
    *, company: Organisation, on: datetime.date, row: bool = True
) -> AuthorityAnswer | None:
    """The chamber a company belongs to by its trade (§ 90 HwO: crafts to the HWK; § 2 IHKG: the
    rest to the IHK); None when the company's trade is not known."""
    if not company.trade:
        return None
    return _with_row(chamber(trade_kind=company.trade, on=on, region=company.region), row)


def authority_choice_open(*, case: "Case", on: datetime.date) -> bool:
    """Whether the rule in force on `on` lets the employer choose the authority (the region's
    data says when, e.g. Lower Saxony's transition), judged at the case's workplace (any of the
    region's when not yet given)."""
    workplace = case.workplace_municipality
    if not workplace or workplace == OUTSIDE_REGION:
        workplace = _any_municipality(case.company.region)
    answer = agreement_authority(
        workplace=workplace, on=on, choice=None, region=case.company.region
    )
    return answer.status == "choice_required"


def in_language(text: Localized) -> str:
    """A text of the region's data in the language of the request: English, else German."""
    return text.en if translation.get_language() == "en" else text.de


@dataclass(frozen=True)
class ChoiceWindow:
    """The employer's choice of authority as one rule of the region offers it: the form's texts
    and options (name → title) in the current language, and the refusals in both."""

    question: str
    help: str
    options: tuple[tuple[str, str], ...]
    missing: dict
    closed: dict


def authority_choice_window(*, region: str, on: datetime.date) -> ChoiceWindow | None:
    """The choice the region's agreement rule in force on `on` offers; None when it offers none."""
    rule = next((r for r in get_region(region).choice_rules if r.applies_on(on)), None)
    return _window(rule) if rule is not None else None


def authority_choice_last(*, region: str) -> ChoiceWindow | None:
    """The region's last choice of authority, whatever the day (None where it never offers one):
    a step form still reads a stated option, and the guard says the choice is closed."""
    rules = get_region(region).choice_rules
    return _window(rules[-1]) if rules else None


def authority_choice_closed(*, region: str) -> dict | None:
    """The region's words for a choice asked for while closed; None where it never offers one."""
    rules = get_region(region).choice_rules
    return _window(rules[-1]).closed if rules else None


def authority_choice_title(*, region: str, name: str) -> str:
    """How the case's history names a stated choice (its name where the data no longer has it)."""
    title = get_region(region).choice_title(name)
    return in_language(title) if title is not None else name


def _window(rule: AuthorityRule) -> ChoiceWindow:
    texts, options = rule.choice, rule.options or {}
    return ChoiceWindow(
        question=in_language(texts.question),
        help=in_language(texts.help),
        options=tuple((name, in_language(option.title)) for name, option in options.items()),
        missing={"de": texts.missing.de, "en": texts.missing.en},
        closed={"de": texts.closed.de, "en": texts.closed.en},
    )


def _any_municipality(region: str) -> str:
    return next(iter(get_region(region).municipalities)).key
