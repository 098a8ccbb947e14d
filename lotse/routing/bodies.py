"""The chamber a company belongs to, and the body that decides on a worker's foreign qualification.

Both by the region's dated data (`chambers.yaml`, `recognition.yaml`). The chamber follows the company's
trade: the Handwerkskammer for crafts and craft-like trades (§ 90 Abs. 1, 2 HwO with Anlagen A and B),
the IHK for other businesses (§ 2 Abs. 1 IHKG), neither for liberal professions and agriculture. The
recognition body follows the **German reference occupation**, not the employer's chamber
(authorities.md § 5): IHK occupations and craft occupations under § 8 Abs. 1 BQFG with the § 81a
periods of § 14a BQFG, ZAB for degrees in non-regulated jobs, Land bodies for regulated professions,
each with the law that sets its periods, regular and in a § 81a case (process.md § 4, issue 21).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TypeVar

from lotse.routing import messages
from lotse.routing.answers import (
    RoutingAnswer,
    RoutingInputError,
    basis,
    candidate,
    rule_because,
    rule_fields,
)
from lotse.routing.periods import periods_text
from lotse.routing.region import DEFAULT_REGION, Region, resolve_region
from lotse.routing.schema import ChamberRule, Law, Occupation, Period, RecognitionRule

Rule = TypeVar("Rule", ChamberRule, RecognitionRule)


def chamber(*, trade_kind: str, on: date, region: Region | str = DEFAULT_REGION) -> RoutingAnswer:
    """The chamber of a company with `trade_kind` (e.g. `craft`, `trade`) on `on`.

    `no_body` for liberal professions and agriculture, which belong to neither chamber
    (§ 2 Abs. 1 IHKG; § 90 Abs. 1 HwO). An unknown trade kind raises `RoutingInputError`.
    """
    region = resolve_region(region)
    if trade_kind not in region.trade_kinds:
        raise RoutingInputError("trade", value=trade_kind, allowed=", ".join(region.trade_kinds))
    rules = [r for r in region.chamber_rules if trade_kind in r.trade_kinds]
    return _answer(region, "chamber", _in_force(rules, on), on, law=None)


def recognition_body(
    *,
    category: str | None = None,
    on: date,
    level: str | None = None,
    occupation: str | None = None,
    region: Region | str = DEFAULT_REGION,
) -> RoutingAnswer:
    """The body that decides on recognition (or comparability) for a reference occupation.

    Asked by `category` (e.g. `ihk_occupation`, `health_profession`, `doctor`, `engineer_title`) or by
    `occupation` (e.g. `physiotherapie`, `erzieher`; its category follows from the data). The answer's
    `law` carries the periods (`Period`, regular and § 81a) of the occupation's own law where it has
    one, else of the rule's law (e.g. § 39 Abs. 5 ÄApprO for doctors); `law.periods_for("accelerated")`
    gives those a § 81a clock counts with. A category whose periods differ by profession (the
    Landesamt's health professions) answers its body without a law unless an occupation is named.
    Unknown category, occupation or level, or a level the category does not take, raises
    `RoutingInputError`.
    """
    return _recognition_body(resolve_region(region), category, on, level, occupation)


@lru_cache(maxsize=4096)
def _recognition_body(
    region: Region, category: str | None, on: date, level: str | None, occupation: str | None
) -> RoutingAnswer:
    """`recognition_body` remembered: the answer follows from the region's data (loaded once per
    folder and never changed in place), the day and the question alone, and it is frozen. The
    case page's forecast and recognition panel ask it on every view."""
    found = _occupation(region, occupation)
    if found is not None:
        if category is not None and category != found.category:
            raise RoutingInputError(
                "occupation_category", value=found.key, category=category, actual=found.category
            )
        category = found.category
    if category is None:
        raise RoutingInputError("occupation_or_category")
    if category not in region.categories:
        raise RoutingInputError("category", value=category, allowed=", ".join(region.categories))
    rule = _in_force([r for r in region.recognition_rules if category in r.categories], on)
    if level is not None and (level not in region.levels or (rule and level not in rule.levels)):
        allowed = ", ".join(rule.levels if rule else region.levels)
        raise RoutingInputError("level", value=level, category=category, allowed=allowed)
    own_law, own_note = found.law_on(on) if found else (None, None)
    law_key = own_law or (rule.law if rule else None)
    law = region.laws[law_key] if rule and law_key else None
    date_note = own_note or (rule.date_unconfirmed if rule else None)
    answer = _answer(region, "recognition_body", rule, on, law=law)
    extra = [periods_text(law)] if law and answer.is_competent else []
    if answer.is_competent and law is None and region.members(category):
        names = ", ".join(o.key for o in region.members(category))
        extra.append(messages.render("law.by_occupation", occupations=names))
    if date_note is not None:
        extra.append(messages.render("date.unconfirmed", note=date_note))
    if found is not None:
        label = region.recognition_categories[category].label
        extra.insert(0, messages.render("occupation.answer", name=found.name, category=label))
    return answer.model_copy(
        update={
            "occupation": found.key if found else None,
            "category": category,
            "date_unconfirmed": date_note,
            "reason": messages.concat(answer.reason, *extra),
        }
    )


def recognition_periods(
    *,
    on: date,
    category: str | None = None,
    occupation: str | None = None,
    procedure: str = "accelerated",
    region: Region | str = DEFAULT_REGION,
) -> tuple[Period, ...]:
    """The periods a clock counts with for this occupation on `on` (empty when none is known or no
    body is competent), per `what` the `procedure`'s own (§ 81a: `accelerated`) before the general."""
    answer = recognition_body(category=category, occupation=occupation, on=on, region=region)
    return answer.law.periods_for(procedure) if answer.law else ()


def _occupation(region: Region, key: str | None) -> Occupation | None:
    if key is None:
        return None
    if key not in region.occupations:
        raise RoutingInputError("occupation", value=key, allowed=", ".join(region.occupations))
    return region.occupations[key]


def _in_force(rules: list[Rule], on: date) -> Rule | None:
    return next((rule for rule in rules if rule.applies_on(on)), None)


def _answer(
    region: Region,
    question: str,
    rule: ChamberRule | RecognitionRule | None,
    on: date,
    law: Law | None,
) -> RoutingAnswer:
    common = {"question": question, "region": region.key, "on": on}
    if rule is None:
        reason = messages.render("answer.no_rule", on=on, region=region.name)
        return RoutingAnswer(status="not_in_data", reason=reason, **common)
    fields = rule_fields(region, rule) | {"law": law}
    explained = {"because": rule_because(rule), "basis": basis(region, rule)}
    if rule.organisation is None:
        status = "no_body" if question == "chamber" else "not_in_data"
        reason = messages.render(f"answer.{status}", **explained)
        return RoutingAnswer(status=status, reason=reason, **common, **fields)
    chosen = candidate(region, rule.organisation)
    reason = messages.render("answer.competent", name=chosen.name, **explained)
    return RoutingAnswer(
        status="competent",
        organisation_key=chosen.key,
        organisation_name=chosen.name,
        organisation_short_name=chosen.short_name,
        reason=reason,
        **common,
        **fields,
    )
