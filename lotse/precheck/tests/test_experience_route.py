"""§ 19c Abs. 2 AufenthG: the old IT route of § 6 BeschV a. F. next to the current variants."""

from __future__ import annotations

from lotse.precheck.assessment import PathwayResult
from lotse.precheck.findings import Variant
from lotse.precheck.rules.experience_route import FORMAL, ICT, OLD_IT
from lotse.precheck.tests.support import case, run

IT_WITHOUT_DEGREE = {
    "qualification__level": "none",
    "qualification__state_recognized_abroad": False,
    "qualification__zab_comparable": False,
    "job__it_specialist": True,
    "experience__it_years_last_7": 3,
    "job__annual_gross_salary_eur": 54360,
}


def variants(day: str) -> tuple[PathwayResult, dict[str, Variant]]:
    assessment = run(case(reference_date=day, **IT_WITHOUT_DEGREE))
    pathway = assessment.pathway("19c2")
    return pathway, {variant.id: variant for variant in pathway.variants}


def test_variants_in_force_come_first():
    before, _ = variants("2024-02-29")
    after, _ = variants("2024-03-01")
    assert [v.id for v in before.variants] == [OLD_IT, FORMAL, ICT]
    assert [v.id for v in after.variants] == [FORMAL, ICT, OLD_IT]
    assert before.variant.id == OLD_IT and before.open is True
    assert after.variant.id == ICT and after.open is True


def test_old_it_route_has_no_age_rule_and_the_current_variants_have_it():
    """§ 1 Abs. 2 BeschV extends the age-45 rule to § 6 BeschV only from 1 Mar 2024."""
    _, before = variants("2024-02-29")
    _, after = variants("2024-03-01")
    assert "age_45_rule" not in {c.id for c in before[OLD_IT].conditions}
    assert "age_45_rule" in {c.id for c in after[ICT].conditions}
    assert [c.id for c in before[FORMAL].conditions] == ["in_force"]
    assert [c.id for c in after[OLD_IT].conditions] == ["in_force"]


def test_old_it_route_citations_and_explanations():
    _, before = variants("2024-02-29")
    salary = next(c for c in before[OLD_IT].conditions if c.id == "salary_threshold")
    assert salary.citation == "§ 6 BeschV a. F."
    data = run(case(reference_date="2024-02-29", **IT_WITHOUT_DEGREE)).to_json_dict()
    pathway = next(p for p in data["pathways"] if p["id"] == "19c2")
    assert pathway["variant"] == OLD_IT
    texts = {c["id"]: c["explanation"] for c in pathway["conditions"] + pathway["law"]}
    assert texts["salary_threshold"]["de"] == (
        "Das Bruttojahresgehalt von 54.360 € erreicht die Schwelle von 54.360 € "
        "(2024, § 6 BeschV a. F.)."
    )
    assert "29 Feb 2024" in texts["in_force"]["en"]
