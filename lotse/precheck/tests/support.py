"""Helpers for the pre-check tests: the base case, dotted changes, and reading results."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from lotse.precheck import CaseInput, assess
from lotse.precheck.assessment import Assessment

HERE = Path(__file__).parent
CASES = HERE / "cases"
EXAMPLES = HERE.parent / "examples"
ABSENT = "absent"
STATE = {True: "open", False: "closed", None: "undecided"}


def base_case() -> dict:
    """A fresh copy of cases/base.yaml as JSON-like data."""
    return copy.deepcopy(_BASE)


def _stringify_dates(value):
    if isinstance(value, dict):
        return {key: _stringify_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_stringify_dates(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


_BASE = _stringify_dates(yaml.safe_load((CASES / "base.yaml").read_text(encoding="utf-8")))


def with_changes(data: dict, changes: dict) -> dict:
    """`data` with dotted keys set (`job.offer: false`); the value `absent` removes the key."""
    result = copy.deepcopy(data)
    for dotted, value in changes.items():
        *parents, key = str(dotted).split(".")
        target = result
        for part in parents:
            target = target.setdefault(part, {})
        if value == ABSENT:
            target.pop(key, None)
        else:
            target[key] = _stringify_dates(value)
    return result


def case(**changes) -> dict:
    """The base case with changes given as keyword arguments (`job__offer=False`)."""
    return with_changes(base_case(), {k.replace("__", "."): v for k, v in changes.items()})


def run(data: dict) -> Assessment:
    return assess(CaseInput.model_validate(data))


def condition_status(assessment: Assessment, path: str) -> str:
    """Status of `pathway/variant/condition`."""
    pathway_id, variant_id, condition_id = path.split("/")
    pathway = assessment.pathway(pathway_id)
    variant = next(v for v in pathway.variants if v.id == variant_id)
    return next(c.status for c in variant.conditions if c.id == condition_id)


def pathway_state(assessment: Assessment, pathway_id: str) -> str:
    return STATE[assessment.pathway(pathway_id).open]
