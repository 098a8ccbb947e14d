"""The competent foreigners authority, by place and by date (`routing.yaml`).

Two questions: the authority for the pre-entry § 81a AufenthG procedure (the agreement), decided by the
date of forwarding and the **workplace** (Betriebsstätte, § 71 Abs. 1 AufenthG, § 31 Abs. 4 AufenthV)
while local authorities were competent; and the authority after entry, by the worker's municipality of
**residence** (§ 71 Abs. 1 AufenthG). In Lower Saxony the first changed: local authority until
30 Jun 2025, the employer's choice of it or the Zentralstelle at the LAB NI from 1 Jul to 31 Dec 2025,
only the Zentralstelle from 1 Jan 2026 (process.md § 0). All of that is data; this module only reads it.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from lotse.routing import messages
from lotse.routing.answers import (
    Candidate,
    Question,
    RoutingAnswer,
    RoutingInputError,
    basis,
    candidate,
    rule_because,
    rule_fields,
)
from lotse.routing.places import Place, find_place
from lotse.routing.region import DEFAULT_REGION, Region, resolve_region
from lotse.routing.schema import AuthorityQuestion, AuthorityRule, Branch, Localized


def agreement_authority(
    *,
    workplace: str,
    on: date,
    choice: str | None = None,
    region: Region | str = DEFAULT_REGION,
) -> RoutingAnswer:
    """The authority for the pre-entry § 81a procedure on `on` (the date of forwarding).

    `workplace` is the municipality of the workplace (name, key or AGS): § 71 Abs. 1 AufenthG with
    § 31 Abs. 4 AufenthV make it decisive while local authorities are competent. `choice` is the
    employer's stated choice (e.g. `local` or `zentralstelle`) where a rule offers one; without it such
    a rule answers `choice_required`. A choice on a date whose rule offers none is ignored, and the
    reason says so. An unknown choice name raises `RoutingInputError`.
    """
    region = resolve_region(region)
    if choice is not None and choice not in region.choices:
        raise RoutingInputError("choice", value=choice, allowed=", ".join(region.choices) or "—")
    return _answered(region, "agreement_authority", workplace, on, choice)


def residence_authority(
    *, residence: str, on: date, region: Region | str = DEFAULT_REGION
) -> RoutingAnswer:
    """The foreigners authority after entry: the one of the municipality of residence.

    It issues the residence permit (§ 71 Abs. 1 AufenthG; process.md § 0, "after entry (always)").
    """
    region = resolve_region(region)
    return _answered(region, "residence_authority", residence, on, None)


@lru_cache(maxsize=4096)
def _answered(
    region: Region, question: Question, query: str, on: date, choice: str | None
) -> RoutingAnswer:
    """`_route` remembered: an answer follows from the region's data (loaded once per folder,
    `region.load_region`, and never changed in place), the place, the day and the choice alone,
    and its models are frozen. Every case page asks it for its competence rows."""
    rules = region.agreement if question == "agreement_authority" else region.residence
    return _route(region, question, rules, query, on, choice)


def _route(
    region: Region,
    question: Question,
    rules: AuthorityQuestion,
    query: str,
    on: date,
    choice: str | None,
) -> RoutingAnswer:
    place = find_place(region, query)
    common = {"question": question, "region": region.key, "on": on, "place": place}
    if place.kind == "unknown":
        reason = messages.render("answer.unknown_place", place=place.query, region=region.name)
        return RoutingAnswer(status="unknown_place", reason=reason, **common)
    rule = next((r for r in rules.rules if r.applies_on(on)), None)
    if rule is None:
        reason = messages.render("answer.no_rule", on=on, region=region.name)
        return RoutingAnswer(status="not_in_data", reason=reason, **common)
    if choice is not None and rule.options is None:
        ignored = messages.render("choice.ignored", choice=choice, on=on)
        common |= {"choice_ignored": choice}
    else:
        ignored = messages.EMPTY
    if choice is not None and rule.options is not None and choice not in rule.options:
        raise RoutingInputError("choice", value=choice, allowed=", ".join(rule.options))
    if not place.in_region:
        return _outside(region, rule, place, choice, ignored, common)
    if rule.options is not None and choice is None:
        return _choice_required(region, rule, place, common)
    return _competent(region, rule, place, choice, ignored, common)


def _chosen(rule: AuthorityRule, choice: str | None) -> tuple[Branch, ...]:
    """The branches in force: the rule's own, or those of the chosen option."""
    if rule.options is None:
        return rule.assign or ()
    return rule.options[choice].assign if choice else ()


def _branch_for(branches: tuple[Branch, ...], municipality: str) -> Branch:
    """The first branch listing the municipality, else the default branch (validated on load)."""
    return next(b for b in branches if b.municipalities is None or municipality in b.municipalities)


def _because(rule: AuthorityRule, branch: Branch, place: Place, choice: str | None) -> Localized:
    parts = [rule_because(rule)]
    if choice is not None and rule.options is not None:
        parts.append(messages.render("choice.made", label=rule.options[choice].label))
    parts.append(messages.fill(branch.because, place=place.label))
    return messages.join(parts, "clause.separator")


def _competent(
    region: Region,
    rule: AuthorityRule,
    place: Place,
    choice: str | None,
    ignored: Localized,
    common: dict[str, Any],
) -> RoutingAnswer:
    branch = _branch_for(_chosen(rule, choice), place.key or "")
    chosen = candidate(region, branch.organisation, option=choice if rule.options else None)
    reason = messages.render(
        "answer.competent",
        name=chosen.name,
        because=_because(rule, branch, place, choice),
        basis=basis(region, rule),
    )
    return RoutingAnswer(
        status="competent",
        organisation_key=chosen.key,
        organisation_name=chosen.name,
        organisation_short_name=chosen.short_name,
        choice=choice if rule.options is not None else None,
        reason=messages.concat(reason, ignored),
        **common,
        **rule_fields(region, rule),
    )


def _choice_required(
    region: Region, rule: AuthorityRule, place: Place, common: dict[str, Any]
) -> RoutingAnswer:
    """No stated choice under a rule that offers one: list every option, decide nothing."""
    candidates = tuple(
        candidate(region, _branch_for(option.assign, place.key or "").organisation, option=name)
        for name, option in (rule.options or {}).items()
    )
    reason = messages.render(
        "answer.choice_required",
        candidates=_option_list(rule, candidates),
        because=rule_because(rule),
        basis=basis(region, rule),
    )
    return RoutingAnswer(
        status="choice_required",
        candidates=candidates,
        reason=reason,
        **common,
        **rule_fields(region, rule),
    )


def _option_list(rule: AuthorityRule, candidates: tuple[Candidate, ...]) -> Localized:
    """The candidates with their options' labels: "die örtliche Ausländerbehörde (…) oder …"."""
    options = rule.options or {}
    labels = [
        messages.render("choice.candidate", label=options[c.option or ""].label, name=c.name)
        for c in candidates
    ]
    return messages.join(labels, "choice.separator")


def _outside(
    region: Region,
    rule: AuthorityRule,
    place: Place,
    choice: str | None,
    ignored: Localized,
    common: dict[str, Any],
) -> RoutingAnswer:
    """A place outside the region: name who would be competent only where the data knows it.

    The data knows it for an authority marked `statewide` when the place lies in the region's Land
    (e.g. the Zentralstelle for a Lower Saxony place from 2026). A local authority elsewhere is never
    guessed; with no choice stated in a choice window, only the statewide option is named.
    """
    open_choice = rule.options is not None and choice is None
    if open_choice:
        branches = [
            (name, b) for name, option in (rule.options or {}).items() for b in option.assign
        ]
    else:
        branches = [(choice, b) for b in _chosen(rule, choice)]
    found = [(n, b) for n, b in branches if b.statewide and place.state == region.state]
    elsewhere = tuple(candidate(region, b.organisation, option=n) for n, b in found)
    if not found:
        tail = messages.render("outside.not_known")
    elif open_choice:
        tail = messages.render(
            "outside.choice", candidates=_option_list(rule, elsewhere), basis=basis(region, rule)
        )
    else:
        tail = messages.render(
            "outside.competent",
            name=elsewhere[0].name,
            because=_because(rule, found[0][1], place, choice),
            basis=basis(region, rule),
        )
    state = messages.render("state." + place.state) if place.state else None
    head = messages.render(
        "answer.outside",
        place=place.label,
        region=region.name,
        state=messages.render("outside.state", state=state) if state else messages.EMPTY,
    )
    return RoutingAnswer(
        status="outside_region",
        elsewhere=elsewhere,
        choice=choice if rule.options is not None else None,
        reason=messages.concat(head, tail, ignored),
        **common,
        **rule_fields(region, rule),
    )
