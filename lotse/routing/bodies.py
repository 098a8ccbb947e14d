"""The chamber a company belongs to, and the body that decides on a worker's foreign qualification.

Both by the region's dated data (`chambers.yaml`, `recognition.yaml`). The chamber follows the company's
trade: the Handwerkskammer for crafts and craft-like trades (§ 90 Abs. 1, 2 HwO with Anlagen A and B),
the IHK for other businesses (§ 2 Abs. 1 IHKG), neither for liberal professions and agriculture. The
recognition body follows the **German reference occupation**, not the employer's chamber
(authorities.md § 5): IHK occupations and craft occupations under § 8 Abs. 1 BQFG with the § 81a
deadlines of § 14a BQFG, ZAB for degrees in non-regulated jobs, Land bodies for regulated professions,
each with the law that sets its deadlines (process.md § 4).
"""

from __future__ import annotations

from datetime import date
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
from lotse.routing.region import DEFAULT_REGION, Region, resolve_region
from lotse.routing.schema import ChamberRule, Law, Localized, RecognitionRule

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
    category: str,
    on: date,
    level: str | None = None,
    region: Region | str = DEFAULT_REGION,
) -> RoutingAnswer:
    """The body that decides on recognition (or comparability) for the reference-occupation `category`.

    `category` is e.g. `ihk_occupation`, `craft_occupation`, `degree_non_regulated`,
    `health_profession`, `doctor_dentist`, `teacher_third_country`, `teacher_eu`, `engineer_title`,
    `other_regulated`; `level` (`vocational` or `academic`) is checked against the rule when given.
    The answer's `law` carries the recognition law and its deadlines (e.g. § 14a Abs. 2, 3 BQFG:
    receipt confirmed within 2 weeks, decision within 2 months of the complete documents). Unknown
    category or level, or a level the category does not take, raises `RoutingInputError`.
    """
    region = resolve_region(region)
    if category not in region.categories:
        raise RoutingInputError("category", value=category, allowed=", ".join(region.categories))
    rule = _in_force([r for r in region.recognition_rules if category in r.categories], on)
    if level is not None and (level not in region.levels or (rule and level not in rule.levels)):
        allowed = ", ".join(rule.levels if rule else region.levels)
        raise RoutingInputError("level", value=level, category=category, allowed=allowed)
    law = region.laws[rule.law] if rule and rule.law else None
    return _answer(region, "recognition_body", rule, on, law=law)


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
        reason=messages.concat(reason, deadlines_text(law)) if law else reason,
        **common,
        **fields,
    )


def deadlines_text(law: Law) -> Localized:
    """The law's deadlines as one sentence, e.g. "Fristen nach § 14a BQFG: Eingangsbestätigung …"."""
    if not law.deadlines:
        return messages.render("law.no_deadlines", law=law.citation)
    items = []
    for deadline in law.deadlines:
        unit, count = ("weeks", deadline.weeks) if deadline.weeks else ("months", deadline.months)
        length = messages.render(f"unit.{unit}.{'one' if count == 1 else 'other'}", n=count or 0)
        items.append(
            messages.render(
                "deadline.item",
                what=messages.render(f"deadline.{deadline.id}"),
                length=length,
                starts=deadline.starts,
                strength=messages.render(f"strength.{deadline.strength}"),
                basis=deadline.basis,
                note=messages.render("deadline.note", note=deadline.note)
                if deadline.note
                else messages.EMPTY,
                unconfirmed=messages.EMPTY
                if deadline.confirmed
                else messages.render("deadline.unconfirmed"),
            )
        )
    deadlines = messages.join(items, "clause.separator")
    return messages.render("law.deadlines", law=law.citation, deadlines=deadlines)
