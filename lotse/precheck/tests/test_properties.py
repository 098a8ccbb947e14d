"""Properties over generated cases (hypothesis)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotse.precheck import CaseInput, assess
from lotse.precheck.findings import NOT_MET
from lotse.precheck.parameters import PARAMETERS, at

SETTINGS = settings(
    max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31))


def maybe(strategy):
    """A fact, or null (unknown)."""
    return st.one_of(st.none(), strategy)


flag = maybe(st.booleans())
money = st.decimals(min_value=0, max_value=150_000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def cases(draw) -> dict:
    day = draw(DAYS)
    return {
        "reference_date": day.isoformat(),
        "person": {
            "birth_date": draw(maybe(st.dates(date(1955, 1, 1), day).map(date.isoformat))),
            "german_level": draw(st.sampled_from([None, "A1", "A2", "B1", "B2", "C1", "C2"])),
            "adequate_pension_provision": draw(flag),
        },
        "qualification": {
            "level": draw(maybe(st.sampled_from(["academic", "vocational", "none"]))),
            "state_recognized_abroad": draw(flag),
            "recognition": draw(
                maybe(st.sampled_from(["full", "partial", "refused", "pending", "none"]))
            ),
            "zab_comparable": draw(flag),
            "graduation_date": draw(maybe(st.dates(date(1975, 1, 1), day).map(date.isoformat))),
        },
        "experience": {
            "years_last_5": draw(maybe(st.sampled_from([0, 1, 1.5, 2, 3, 5]))),
            "it_years_last_7": draw(maybe(st.sampled_from([0, 2, 3, 4, 7]))),
        },
        "job": {
            "offer": draw(flag),
            "requires_qualification": draw(flag),
            "matches_qualification": draw(flag),
            "annual_gross_salary_eur": draw(maybe(money)),
            "shortage_occupation": draw(flag),
            "it_specialist": draw(flag),
            "regulated_profession": draw(flag),
            "professional_licence": draw(flag),
            "employer_collective_agreement": draw(flag),
        },
        "first_residence_title_for_employment": draw(flag),
        "recognition_partnership_agreement": draw(flag),
    }


def states(data: dict) -> dict[str, bool | None]:
    assessment = assess(CaseInput.model_validate(data))
    return {pathway.id: pathway.open for pathway in assessment.pathways}


def with_job(data: dict, **job) -> dict:
    return {**data, "job": {**data["job"], **job}}


@SETTINGS
@given(cases(), money, money)
def test_raising_the_salary_alone_never_closes_an_open_pathway(data, salary, raise_by):
    before = states(with_job(data, annual_gross_salary_eur=salary))
    after = states(with_job(data, annual_gross_salary_eur=salary + raise_by))
    for pathway, state in before.items():
        if state is True:
            assert after[pathway] is True, pathway
        if state is None:
            assert after[pathway] is not False, pathway


SWITCHES = sorted(
    {
        entry.valid_from
        for parameter in PARAMETERS.values()
        if parameter.unit == "share_of_bbg" or parameter.yearly
        for entry in parameter.values
        if entry.valid_from >= date(2023, 1, 2)
    }
    | {date(2024, 1, 1), date(2025, 1, 1), date(2026, 1, 1)}
)


@SETTINGS
@given(st.sampled_from(SWITCHES), st.integers(min_value=-3000, max_value=3000))
def test_a_threshold_switches_exactly_on_its_validity_date(day, offset):
    """The Blue Card standard salary condition uses the day's own threshold, to the cent."""
    base = {
        "reference_date": day.isoformat(),
        "qualification": {"level": "academic", "zab_comparable": True},
        "job": {"annual_gross_salary_eur": None},
    }
    for when in (day - timedelta(days=1), day):
        threshold = at(when).blue_card_standard
        salary = threshold + Decimal(offset) / 100
        data = {
            **base,
            "reference_date": when.isoformat(),
            "job": {"annual_gross_salary_eur": str(salary)},
        }
        assessment = assess(CaseInput.model_validate(data))
        standard = assessment.pathway("18g").variants[0]
        status = next(c.status for c in standard.conditions if c.id == "salary_threshold")
        assert status == ("met" if salary >= threshold else "not_met")


@SETTINGS
@given(cases())
def test_every_not_promising_result_names_an_unmet_condition_with_citation(data):
    assessment = assess(CaseInput.model_validate(data))
    result = assessment.to_json_dict()
    assert json.dumps(result)  # serialisable, every explanation rendered in both languages
    if assessment.outcome == "not_promising":
        for pathway in assessment.pathways:
            unmet = pathway.unmet()
            assert unmet and all(c.citation and c.status is NOT_MET for c in unmet)
        for pathway in result["pathways"]:
            assert any(c["status"] == "not_met" and c["citation"] for c in pathway["conditions"])


@SETTINGS
@given(cases())
def test_outstanding_step_decided_positively_never_closes_a_pathway(data):
    before = states(data)
    qualification = data["qualification"]
    if qualification["recognition"] in ("none", "pending"):
        # the decision each pathway waits for: full equivalence, or partial for § 16d Abs. 1
        for decision, pathways in (("full", ("18a", "18b", "18g")), ("partial", ("16d",))):
            after = states({**data, "qualification": {**qualification, "recognition": decision}})
            for pathway in pathways:
                if before[pathway] is not False:
                    assert after[pathway] is not False, (decision, pathway)
    if data["job"]["regulated_profession"] is True and data["job"]["professional_licence"] is False:
        after = states(with_job(data, professional_licence=True))
        for pathway, state in before.items():
            if state is not False:
                assert after[pathway] is not False, pathway


@SETTINGS
@given(cases())
def test_decided_by_is_given_exactly_for_undecided_pathways(data):
    assessment = assess(CaseInput.model_validate(data))
    undecided = {p.id for p in assessment.pathways if p.open is None}
    named = {pid for entry in assessment.decided_by for pid in entry["pathways"]}
    assert named == undecided
