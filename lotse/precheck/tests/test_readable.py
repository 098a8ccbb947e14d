"""Results a company can read (issue 11 item 7): summary first, law apart from facts, each citation
once, labels instead of internal ids, one variant per pathway, closed variants without questions."""

from __future__ import annotations

from hypothesis import given

from lotse.precheck import CaseInput, assess, text_report
from lotse.precheck.explain import MESSAGES
from lotse.precheck.rules import PATHWAYS
from lotse.precheck.tests.support import case, run
from lotse.precheck.tests.test_properties import SETTINGS, cases

PARTNERSHIP_CASE = {
    "qualification__level": "vocational",
    "qualification__recognition": "none",
    "qualification__zab_comparable": "absent",
    "recognition_partnership_agreement": None,
}


def test_the_result_starts_with_a_plain_summary_in_both_languages():
    data = run(case(job__offer=None)).to_json_dict()
    assert list(data)[:3] == ["reference_date", "summary", "provisional"]
    german, english = data["summary"]["de"], data["summary"]["en"]
    assert german[0] == "Noch ist kein Weg offen."
    assert "Arbeitsplatzangebot" in german[1] and "job offer" in english[1]
    assert german[-1].startswith("Als Nächstes") and english[-1].startswith("Next")


def test_text_report_opens_with_the_summary_and_shows_no_internal_ids():
    assessment = run(case(**PARTNERSHIP_CASE))
    report = text_report(assessment, "en")
    assert report.splitlines()[3] == "Summary:"
    assert "abs3_partnership" not in report and "old_it_until" not in report
    assert "recognition partnership (Abs. 3)" in report or "Abs. 1" in report


def test_s16d_abs3_law_in_force_is_not_listed_as_a_fact_of_the_case():
    """§ 16d Abs. 3 AufenthG: "exists since 1 Mar 2024" is the law, not a fact next to the facts."""
    data = run(case(**PARTNERSHIP_CASE)).to_json_dict()
    pathway = next(p for p in data["pathways"] if p["id"] == "16d")
    partnership = next(v for v in pathway["variants"] if v["id"] == "abs3_partnership")
    assert "in_force" not in [c["id"] for c in partnership["conditions"]]
    assert [c["id"] for c in partnership["law"]] == ["in_force"]
    agreement = next(c for c in partnership["conditions"] if c["id"] == "partnership_agreement")
    assert agreement["status"] == "unknown"


def test_s16d_abs3_regulated_profession_notes_work_without_the_licence():
    """§ 16d Abs. 3 AufenthG, § 2a BeschV: during the partnership no work that needs the licence."""
    data = run(
        case(
            **{
                **PARTNERSHIP_CASE,
                "recognition_partnership_agreement": True,
                "job__regulated_profession": True,
                "person__german_level": "A2",
            }
        )
    ).to_json_dict()
    pathway = next(p for p in data["pathways"] if p["id"] == "16d")
    assert pathway["variant"] == "abs3_partnership"
    note = pathway["notes"][0]
    assert note["id"] == "licence_during_partnership"
    assert "Berufsausübungserlaubnis" in note["explanation"]["de"]
    assert "licence to practise" in note["explanation"]["en"]
    unregulated = run(case(**{**PARTNERSHIP_CASE, "recognition_partnership_agreement": True}))
    assert "notes" not in next(
        p for p in unregulated.to_json_dict()["pathways"] if p["id"] == "16d"
    )


def test_each_citation_appears_once_per_explanation():
    data = run(case(**PARTNERSHIP_CASE)).to_json_dict()
    for pathway in data["pathways"]:
        for condition in pathway["conditions"] + pathway["law"]:
            for text in condition["explanation"].values():
                assert text.count(condition["citation"]) == 1, text


def test_every_pathway_and_variant_has_a_german_and_english_label():
    variant_ids = set()
    for module in PATHWAYS:
        for day in ("2023-06-01", "2025-06-01"):
            assessment = assess(CaseInput.model_validate({"reference_date": day}))
            variant_ids |= {v.id for v in assessment.pathway(module.ID).variants}
        for lang in ("de", "en"):
            assert MESSAGES[lang][f"ui.pathways.{module.ID}"]
    for variant in variant_ids:
        assert MESSAGES["de"][f"ui.variants.{variant}"] != MESSAGES["en"][f"ui.variants.{variant}"]


@SETTINGS
@given(cases())
def test_the_pathway_variant_is_the_one_whose_documents_are_listed(data):
    result = assess(CaseInput.model_validate({**data, "documents": []})).to_json_dict()
    for pathway in result["pathways"]:
        if pathway["id"] in result["checklist"]:
            assert pathway["variant"] == result["checklist"][pathway["id"]]["variant"]


@SETTINGS
@given(cases())
def test_closed_variants_list_no_facts_that_cannot_matter(data):
    result = assess(CaseInput.model_validate(data)).to_json_dict()
    for pathway in result["pathways"]:
        shown = pathway.get("variants") or [pathway]
        for variant in shown:
            if variant["open"] is False:
                statuses = {c["status"] for c in variant["conditions"] + variant["law"]}
                assert statuses <= {"met", "not_met"}, (pathway["id"], variant)
                assert "not_met" in statuses
