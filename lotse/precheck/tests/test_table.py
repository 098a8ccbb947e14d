"""Table cases from cases/pathways.yaml: one test per case, named after the rule and citation."""

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

TABLE = yaml.safe_load((CASES / "pathways.yaml").read_text(encoding="utf-8"))


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
        kind, name = key.split(" ")
        label = "field" if kind == "unknown_fact" else "step"
        entries = [e for e in assessment.decided_by if e["kind"] == kind and e[label] == name]
        assert entries, key
        assert entries[0]["pathways"] == [str(p) for p in pathways], key
    if "documents" in expected:
        wanted = expected["documents"]
        wanted = {
            "complete": wanted["complete"],
            "missing": {str(k): v for k, v in wanted["missing"].items()},
        }
        assert assessment.documents == wanted
