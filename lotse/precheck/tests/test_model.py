"""The input model: the issue's shape, unknown facts, rejection of unknown keys and ids."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from lotse.precheck import CaseInput, assess
from lotse.precheck.clock import today
from lotse.precheck.tests.support import base_case

ISSUE_SHAPE = {
    "reference_date": "2025-03-01",
    "person": {
        "birth_date": "1988-04-02",
        "german_level": "B1",
        "adequate_pension_provision": False,
    },
    "qualification": {
        "level": "academic",
        "state_recognized_abroad": True,
        "recognition": "none",
        "zab_comparable": True,
        "graduation_date": "2021-07-01",
    },
    "experience": {"years_last_5": 3, "it_years_last_7": 0},
    "job": {
        "offer": True,
        "requires_qualification": True,
        "matches_qualification": True,
        "annual_gross_salary_eur": 48000,
        "shortage_occupation": False,
        "it_specialist": False,
        "regulated_profession": False,
        "professional_licence": False,
        "employer_collective_agreement": False,
    },
    "first_residence_title_for_employment": True,
    "recognition_partnership_agreement": False,
    "documents": ["passport", "employment_contract"],
}


def test_issue_shape_validates_from_json():
    case = CaseInput.model_validate_json(json.dumps(ISSUE_SHAPE))
    assert str(case.job.annual_gross_salary_eur) == "48000"


def test_json_schema_is_available():
    schema = CaseInput.model_json_schema()
    assert schema["additionalProperties"] is False
    assert "documents" in schema["properties"]


def test_german_level_absent_is_unknown_and_null_is_none():
    data = base_case()
    absent = {**data, "person": {k: v for k, v in data["person"].items() if k != "german_level"}}
    null = {**data, "person": {**data["person"], "german_level": None}}
    assert CaseInput.model_validate(absent).person.german_level_known is False
    assert CaseInput.model_validate(null).person.german_level_known is True


def test_null_parts_and_date_are_unknown_and_today():
    case = CaseInput.model_validate_json('{"person": null, "job": null, "reference_date": null}')
    assert case.person.birth_date is None and case.job.offer is None
    assert case.reference_date == today()


def test_unknown_key_and_unknown_document_id_are_rejected():
    with pytest.raises(ValidationError):
        CaseInput.model_validate({"job": {"salary": 1}})
    with pytest.raises(ValidationError):
        CaseInput.model_validate({"documents": ["driving_licence"]})


def test_documents_absent_judges_the_prospect_only():
    data = base_case()
    assert assess(CaseInput.model_validate(data)).documents is None
    data["documents"] = []
    assert assess(CaseInput.model_validate(data)).documents is not None


def test_a_missing_reference_date_is_the_callers_day_not_the_engines_clock():
    """The platform passes its own clock (issue 9 item 6): the engine does not read its own."""
    from datetime import date

    from lotse.precheck import CaseInput

    case = CaseInput.model_validate({}, context={"today": date(2027, 1, 2)})
    assert case.reference_date == date(2027, 1, 2)
    given = CaseInput.model_validate(
        {"reference_date": "2025-06-02"}, context={"today": date(2027, 1, 2)}
    )
    assert given.reference_date == date(2025, 6, 2)
