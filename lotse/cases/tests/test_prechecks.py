"""The pre-check in the platform: intake facts map onto the engine, runs are events, the API
answers every example as the CLI does."""

import html
import json
from pathlib import Path

import pytest
from django.urls import reverse

from lotse.cases.prechecks import case_run_precheck, precheck_input_for
from lotse.core.errors import DomainError

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "precheck" / "examples").glob("*.json"))


def test_examples_are_in_the_repository():
    assert len(EXAMPLES) == 17


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_through_the_api(path, login):
    example = json.loads(path.read_text())
    response = login("ihk_adviser").post(
        "/api/v1/precheck", json.dumps(example["input"]), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    result = response.json()
    expected = example["expected"]
    assert result["outcome"] == expected["outcome"]
    opened = sorted(p["id"] for p in result["pathways"] if p["open"] is True)
    closed = sorted(p["id"] for p in result["pathways"] if p["open"] is False)
    assert (opened, closed) == (expected["open_pathways"], expected["closed_pathways"])
    if "documents" in expected:
        assert result["documents"] == expected["documents"]


def test_api_precheck_refuses_bad_input_naming_the_field(login):
    response = login("company_hr").post(
        "/api/v1/precheck",
        json.dumps({"job": {"annual_gross_salary_eur": -1}}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert any("annual_gross_salary_eur" in field for field in response.json()["fields"])


def test_intake_maps_onto_the_engine_input_without_retyping(story):
    case = story("Kaya")
    data = precheck_input_for(case=case, on=case.created_at.date()).model_dump(exclude_unset=True)
    assert data["person"]["birth_date"] == case.worker_birth_date
    assert data["person"]["german_level"] == "A2"
    assert data["qualification"]["level"] == "academic"
    assert data["qualification"]["zab_comparable"] is True
    assert data["job"]["annual_gross_salary_eur"] == case.job_salary_eur


def test_languages_without_german_mean_no_german_proven(story):
    case = story("Raman")
    data = precheck_input_for(case=case, on=case.created_at.date())
    assert "german_level" in data.person.model_fields_set and data.person.german_level is None


def test_chamber_run_is_an_event_with_the_full_result(story, cast):
    case = story("Raman")
    assessment = case_run_precheck(case=case, actor=cast("ihk_adviser"))
    event = case.events.order_by("-seq").first()
    assert event.type == "precheck.run"
    stored = event.payload["assessment"]
    assert stored["outcome"] == assessment.outcome
    condition = stored["pathways"][0]["conditions"][0]
    assert (
        condition["citation"] and condition["explanation"]["de"] and condition["explanation"]["en"]
    )


def test_company_self_check_and_who_may_not(story, cast):
    case = story("Jovanović")
    case_run_precheck(case=case, actor=cast("company_hr"))
    assert case.events.order_by("-seq").first().type == "precheck.self_check"
    with pytest.raises(DomainError):
        case_run_precheck(case=story("Raman"), actor=cast("hwk_adviser"))


def test_adviser_sees_every_condition_on_the_case_page(login, story, post_step):
    case = story("Raman")
    client = login("ihk_adviser")
    post_step(client, "precheck", case)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "§ 18g Abs. 1" in page
    stored = case.events.order_by("-seq").first().payload["assessment"]
    texts = [c["explanation"]["de"] for p in stored["pathways"] for c in p["conditions"]]
    assert all(html.escape(text) in page for text in texts)


def test_a_date_without_thresholds_gets_a_clear_error(login):
    response = login("company_hr").post(
        "/api/v1/precheck",
        json.dumps({"reference_date": "2019-05-01"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "reference_date" in response.json()["fields"]


def test_run_in_a_year_without_thresholds_is_refused_and_stores_nothing(story, cast):
    import datetime

    from lotse.core import clock

    case = story("Raman")
    before = case.events.count()
    with clock.travel_to(datetime.date(2031, 1, 5)), pytest.raises(DomainError) as refused:
        case_run_precheck(case=case, actor=cast("ihk_adviser"))
    assert refused.value.code == "precheck_unavailable"
    assert case.events.count() == before


def test_no_prospect_advice_is_drafted_from_the_unmet_conditions_and_keeps_the_result(
    login, cast, post_step
):
    from lotse.cases import services
    from lotse.demo.stories import valid_intake
    from lotse.orgs.models import Organisation

    case = services.case_create(
        actor=cast("company_hr"),
        fields=valid_intake(
            worker_last_name="Ohne",
            job_offer=False,
            qualification_level="none",
            qualification_title="",
            qualification_country="",
            qualification_date=None,
        ),
    )
    services.case_submit(
        case=case, actor=cast("company_hr"), chamber=Organisation.objects.get(key="ihk-hannover")
    )
    client = login("ihk_adviser")
    post_step(client, "precheck", case)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    draft = page.context["steps"]["no_prospect"].form.initial["text"]
    assert draft and "§" in draft
    post_step(client, "no_prospect", case, text=draft)
    event = case.events.get(type="precheck.no_prospect")
    assert event.payload["reasons"] == draft.strip()
    assert event.payload["assessment"]["outcome"] == "not_promising"
    company_page = login("company_hr").get(reverse("cases:detail", args=[case.pk]))
    assert html.escape(draft.splitlines()[0]) in company_page.content.decode()


def test_self_check_names_missing_facts_as_the_form_does(login, cast):
    from lotse.cases import services
    from lotse.demo.stories import valid_intake

    case = services.case_create(
        actor=cast("company_hr"),
        fields=valid_intake(
            worker_last_name="Offen", zab_comparable=None, qualification_level="academic"
        ),
    )
    client = login("company_hr")
    client.post(reverse("cases:precheck", args=[case.pk]))
    text = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "qualification.zab_comparable" not in text
    assert html.escape("Abschluss vergleichbar") in text


def test_timeline_names_changed_fields_as_the_form_does(login, story):
    from lotse.cases import services

    case = story("Jovanović")
    services.case_update(case=case, actor=case.created_by, fields={"job_title": "Neu"})
    text = login("company_hr").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Geändert: Stellenbezeichnung" in text and "job_title" not in text
