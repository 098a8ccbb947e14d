"""Assess a case: every pathway's conditions, the outcome, what decides it, and the documents.

`assess(case)` is the fast path: it finds every condition's status but renders no text. The
explanations are rendered on demand by `Assessment.to_json_dict(lang)` (see `explain.py`).
"""

from __future__ import annotations

from datetime import date

from lotse.precheck import documents as checklists
from lotse.precheck import explain
from lotse.precheck.findings import MET, NOT_MET, Condition, Variant
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


DECIDED_BY_ORDER = ("unknown_fact", "outstanding_step", "future_fact", "unpublished_parameter")


def _decided_by(pathways: tuple[PathwayResult, ...]) -> list[dict]:
    """For every undecided pathway, what decides it, as data (one entry per thing, with pathways):

    - `unknown_fact` (`field`): a fact to ask for;
    - `outstanding_step` (`step`): a step the procedure obtains;
    - `future_fact` (`fact`, `date`): a fact that a later day settles, e.g. the age on the day
      the title is first issued, for a 45th birthday on `date`;
    - `unpublished_parameter` (`parameter`, `year`): a figure of a year not yet published.
    """
    found: dict[tuple, list[str]] = {}
    for pathway in pathways:
        if pathway.open is not None:
            continue
        for variant in pathway.variants:
            if variant.open is False:
                continue
            for condition in variant.conditions:
                status = condition.status
                if status is MET or status is NOT_MET:
                    continue
                keys = [("unknown_fact", field) for field in condition.fields]
                keys += [("outstanding_step", step) for step in condition.steps]
                keys += condition.waits
                for key in keys:
                    ids = found.setdefault(key, [])
                    if pathway.id not in ids:
                        ids.append(pathway.id)
    entries = []
    for key, ids in sorted(
        found.items(), key=lambda item: (DECIDED_BY_ORDER.index(item[0][0]), str(item[0][1:]))
    ):
        kind = key[0]
        if kind == "unknown_fact":
            entry = {"kind": kind, "field": key[1]}
        elif kind == "outstanding_step":
            entry = {"kind": kind, "step": key[1]}
        elif kind == "future_fact":
            entry = {"kind": kind, "fact": key[1], "date": key[2].isoformat()}
        else:
            entry = {"kind": kind, "parameter": key[1], "year": key[2]}
        entry["pathways"] = ids
        entries.append(entry)
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
                # the variant shown is the one whose documents are listed
                pathway.variant = next(v for v in pathway.variants if v.id == chosen[0])
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
