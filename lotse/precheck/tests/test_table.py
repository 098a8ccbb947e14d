"""Table cases from cases/*.yaml: one test per case, named after the rule and citation.

Every file but base.yaml holds a list of cases: `id`, `name` (one sentence), optional `date`, the
changes to the base case under `input` (or a whole case under `replace`) and `expected`: pathway
states, condition statuses (`pathway/variant/condition`), the outcome, what decides undecided
pathways (`kind name` or `kind name value`: `unknown_fact job.offer`, `future_fact
age_45_reached 2025-06-03`, `unpublished_parameter social_security.bbg_pension 2027`), words the
German or English explanation of a condition contains (`explanations`), whether the result is
provisional, conditions about the law in force listed apart from the facts (`law_not_facts`), the
variant shown per pathway (equal to the checklist's, `variant`), and documents.
"""

from __future__ import annotations

import pytest
import yaml

from lotse.precheck.tests.support import (
    CASES,
    base_case,
    condition_status,
    pathway_state,
    run,
    with_changes,
)

FILES = sorted(path for path in CASES.glob("*.yaml") if path.name != "base.yaml")
TABLE = [entry for path in FILES for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]
NAME_OF = {
    "unknown_fact": "field",
    "outstanding_step": "step",
    "future_fact": "fact",
    "unpublished_parameter": "parameter",
}
VALUE_OF = {"future_fact": "date", "unpublished_parameter": "year"}


def build(entry: dict) -> dict:
    data = dict(entry["replace"]) if "replace" in entry else base_case()
    data = with_changes(data, entry.get("input") or {})
    if "date" in entry:
        data["reference_date"] = str(entry["date"])
    return data


def test_table_ids_are_unique_and_every_case_has_a_sentence():
    ids = [entry["id"] for entry in TABLE]
    assert len(ids) == len(set(ids))
    assert all(entry["name"].strip().endswith(".") for entry in TABLE)


def assert_law_not_fact(data: dict, path: str) -> None:
    """`pathway/variant/condition` is listed under `law`, not among the case's `conditions`."""
    pathway_id, variant_id, condition_id = path.split("/")
    pathway = next(p for p in data["pathways"] if p["id"] == pathway_id)
    variant = next(v for v in pathway.get("variants") or [] if v["id"] == variant_id)
    assert condition_id in [c["id"] for c in variant["law"]], path
    assert condition_id not in [c["id"] for c in variant["conditions"]], path


def explanation(data: dict, path: str) -> str:
    """German and English explanation of `pathway/variant/condition` in the JSON result."""
    pathway_id, variant_id, condition_id = path.split("/")
    pathway = next(p for p in data["pathways"] if p["id"] == pathway_id)
    variants = pathway.get("variants") or [pathway | {"id": pathway["variant"]}]
    variant = next(v for v in variants if v["id"] == variant_id)
    found = [
        c
        for c in variant["conditions"] + variant["law"] + pathway.get("notes", [])
        if c["id"] == condition_id
    ]
    assert found, path
    return found[0]["explanation"]["de"] + " | " + found[0]["explanation"]["en"]


@pytest.mark.parametrize("entry", TABLE, ids=[entry["id"] for entry in TABLE])
def test_case(entry):
    assessment = run(build(entry))
    expected = entry["expected"]
    for path, status in (expected.get("conditions") or {}).items():
        assert condition_status(assessment, path) == status, path
    for pathway_id, state in (expected.get("pathways") or {}).items():
        assert pathway_state(assessment, str(pathway_id)) == state, pathway_id
    if "outcome" in expected:
        assert assessment.outcome == expected["outcome"]
    for key, pathways in (expected.get("decided_by") or {}).items():
        kind, name, *value = key.split(" ")
        entries = [
            e
            for e in assessment.decided_by
            if e["kind"] == kind
            and e[NAME_OF[kind]] == name
            and (not value or str(e[VALUE_OF[kind]]) == value[0])
        ]
        assert entries, (key, assessment.decided_by)
        assert entries[0]["pathways"] == [str(p) for p in pathways], key
    for kind in expected.get("not_decided_by") or ():
        assert all(e["kind"] != kind for e in assessment.decided_by), kind
    if "provisional" in expected:
        assert assessment.params.provisional_year == expected["provisional"]
    data = assessment.to_json_dict()
    for path in expected.get("law_not_facts") or ():
        assert_law_not_fact(data, path)
    for pathway_id, variant_id in (expected.get("variant") or {}).items():
        shown = next(p for p in data["pathways"] if p["id"] == str(pathway_id))
        assert shown["variant"] == variant_id, shown["variant"]
        if "checklist" in data and str(pathway_id) in data["checklist"]:
            assert data["checklist"][str(pathway_id)]["variant"] == variant_id
    if "explanations" in expected:
        for path, words in expected["explanations"].items():
            text = explanation(data, path)
            for word in [words] if isinstance(words, str) else words:
                assert word in text, (path, word, text)
    if "documents" in expected:
        wanted = expected["documents"]
        wanted = {
            "complete": wanted["complete"],
            "missing": {str(k): v for k, v in wanted["missing"].items()},
        }
        assert assessment.documents == wanted
