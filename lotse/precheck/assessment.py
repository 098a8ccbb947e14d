"""Assess a case: every pathway's conditions, the outcome, what decides it, and the documents.

`assess(case)` is the fast path: it finds every condition's status but renders no text. The
explanations are rendered on demand by `Assessment.to_json_dict(lang)` (see `explain.py`).
"""

from __future__ import annotations

from datetime import date

from lotse.precheck import documents as checklists
from lotse.precheck import explain
from lotse.precheck.findings import NOT_MET, OUTSTANDING, UNKNOWN, Condition, Variant
from lotse.precheck.model import CaseInput
from lotse.precheck.parameters import ParameterSet, at
from lotse.precheck.rules import PATHWAYS
from lotse.precheck.situation import Situation

PROMISING, NOT_PROMISING, UNDECIDED = "promising", "not_promising", "undecided"


class PathwayResult:
    """One pathway: open (True), closed (False) or undecided (None), with its variants."""

    __slots__ = ("id", "title", "variants", "open", "variant")

    def __init__(self, id: str, title: str, variants: tuple[Variant, ...]) -> None:
        self.id = id
        self.title = title
        self.variants = variants
        state: bool | None = False
        chosen = variants[0]
        for variant in variants:
            if variant.open is True:
                state, chosen = True, variant
                break
            if variant.open is None and state is False:
                state, chosen = None, variant
        self.open = state
        self.variant = chosen

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """The conditions of the variant that decides: the first open, else undecided, else first."""
        return self.variant.conditions

    def unmet(self) -> list[Condition]:
        """Every condition not met, over all variants, without repeats."""
        seen: dict[tuple[str, str], Condition] = {}
        for variant in self.variants:
            for condition in variant.conditions:
                if condition.status is NOT_MET:
                    seen.setdefault((condition.id, condition.citation), condition)
        return list(seen.values())


class Assessment:
    """The result of the pre-check for one case on its reference date."""

    __slots__ = (
        "reference_date",
        "params",
        "pathways",
        "outcome",
        "decided_by",
        "documents",
        "checklist",
    )

    def __init__(
        self,
        reference_date: date,
        params: ParameterSet,
        pathways: tuple[PathwayResult, ...],
        checklist: dict | None,
        supplied: frozenset[str] | None,
    ) -> None:
        self.reference_date = reference_date
        self.params = params
        self.pathways = pathways
        outcome = NOT_PROMISING
        for pathway in pathways:
            if pathway.open is True:
                outcome = PROMISING
                break
            if pathway.open is None:
                outcome = UNDECIDED
        self.outcome = outcome
        self.decided_by = _decided_by(pathways)
        self.checklist = checklist
        self.documents = None if supplied is None else checklists.missing(checklist, supplied)

    @property
    def open_pathways(self) -> list[str]:
        return sorted(p.id for p in self.pathways if p.open is True)

    @property
    def closed_pathways(self) -> list[str]:
        return sorted(p.id for p in self.pathways if p.open is False)

    @property
    def undecided_pathways(self) -> list[str]:
        return sorted(p.id for p in self.pathways if p.open is None)

    def pathway(self, pathway_id: str) -> PathwayResult:
        return next(p for p in self.pathways if p.id == pathway_id)

    def to_json_dict(self, lang: str | None = None) -> dict:
        """The assessment as JSON data; explanations in `lang` ("de", "en") or both (None)."""
        return explain.assessment_json(self, lang)


def _decided_by(pathways: tuple[PathwayResult, ...]) -> list[dict]:
    """For every undecided pathway: the facts to ask for and the steps that will decide it."""
    found: dict[tuple[str, str], list[str]] = {}
    for pathway in pathways:
        if pathway.open is not None:
            continue
        for variant in pathway.variants:
            if variant.open is False:
                continue
            for condition in variant.conditions:
                status = condition.status
                if status is UNKNOWN:
                    keys = [("unknown_fact", field) for field in condition.fields]
                elif status is OUTSTANDING:
                    keys = [("outstanding_step", step) for step in condition.steps]
                else:
                    continue
                for key in keys:
                    ids = found.setdefault(key, [])
                    if pathway.id not in ids:
                        ids.append(pathway.id)
    entries = []
    for (kind, name), ids in sorted(
        found.items(), key=lambda item: (item[0][0] != "unknown_fact", item[0][1])
    ):
        label = "field" if kind == "unknown_fact" else "step"
        entries.append({"kind": kind, label: name, "pathways": ids})
    return entries


def evaluate(case: CaseInput, params: ParameterSet) -> Assessment:
    """Assess `case` under `params` (the parameters in force on its reference date)."""
    s = Situation(case, params)
    pathways = tuple([PathwayResult(m.ID, m.TITLE, m.evaluate(s, params)) for m in PATHWAYS])
    checklist = None
    if s.documents is not None:
        checklist = {}
        for pathway in pathways:
            chosen = checklists.choose(pathway.id, pathway.variants, pathway.open, s, params)
            if chosen is not None:
                checklist[pathway.id] = chosen
    return Assessment(case.reference_date, params, pathways, checklist, s.documents)


def assess(case: CaseInput) -> Assessment:
    """Assess one case on its reference date.

    Raises `parameters.ParameterUnavailable` for a date outside the years with parameters.
    """
    return evaluate(case, at(case.reference_date))


def assess_json(data: str | bytes) -> Assessment:
    """Validate a case from JSON and assess it (raises pydantic.ValidationError on bad input)."""
    return assess(CaseInput.model_validate_json(data))


def checklist(case: CaseInput) -> dict[str, dict]:
    """Mandatory documents per pathway not closed, with the variant they follow, for any case."""
    params = at(case.reference_date)
    assessment = evaluate(case.model_copy(update={"documents": []}), params)
    return {
        pid: {"variant": variant, "required": sorted(needed)}
        for pid, (variant, needed) in assessment.checklist.items()
    }
