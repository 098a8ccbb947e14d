"""The pre-check in the platform: intake facts map onto the engine, runs are events, the API
answers every example as the CLI does."""

import datetime
import html
import json
from pathlib import Path

import pytest
from django.urls import reverse

from lotse.cases.personal import events_open
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
    assert event.payload["outcome"] == assessment.outcome  # readable; the rest is committed
    assert set(event.payload["assessment"]) == {"$commit"}
    stored = events_open([event])[0].data["assessment"]
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
    stored = events_open([case.events.order_by("-seq").first()])[0].data["assessment"]
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


def test_run_before_the_assessed_years_is_refused_and_stores_nothing(story, cast):
    import datetime

    from lotse.core import clock

    case = story("Raman")
    before = case.events.count()
    with clock.travel_to(datetime.date(2022, 6, 1)), pytest.raises(DomainError) as refused:
        case_run_precheck(case=case, actor=cast("ihk_adviser"))
    assert refused.value.code == "precheck_unavailable"
    assert case.events.count() == before


def test_on_2_january_2027_the_platform_precheck_is_provisional_not_refused(story, cast, login):
    """Issue 11 item 4: from 1 Jan 2027 (no BBG published for 2027 in the YAML) the platform's
    pre-check, whose reference date is today, gives a result marked provisional, no error."""
    import datetime

    from lotse.core import clock

    case = story("Raman")
    with clock.travel_to(datetime.date(2027, 1, 2)):
        assessment = case_run_precheck(case=case, actor=cast("ihk_adviser"))
        page = login("ihk_adviser").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert assessment.reference_date == datetime.date(2027, 1, 2)
    assert assessment.params.provisional_year == 2027
    stored = events_open([case.events.order_by("-seq").first()])[0].data["assessment"]
    assert stored["provisional"] == {"year": 2027, "based_on_year": 2026}
    assert stored["summary"]["de"][0].startswith("Vorläufig")
    assert "Vorläufig: Die Beträge für 2027" in html.unescape(page)


def test_the_stateless_precheck_takes_a_missing_date_from_the_platform_clock(login):
    import datetime

    from lotse.core import clock

    with clock.travel_to(datetime.date(2027, 1, 2)):
        response = login("company_hr").post(
            "/api/v1/precheck", "{}", content_type="application/json"
        )
    assert response.status_code == 200, response.content
    assert response.json()["reference_date"] == "2027-01-02"
    assert response.json()["provisional"]["year"] == 2027


def test_the_planned_start_from_the_intake_decides_the_age_rule(story):
    case = story("Kaya")
    case.job_start_date = datetime.date(2026, 9, 1)
    data = precheck_input_for(case=case, on=datetime.date(2026, 6, 1))
    assert data.job.start_date == datetime.date(2026, 9, 1)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ('{"person": {"birth_date": 0}}', 422, "person.birth_date"),
        ('{"reference_date": "2025-02-30"}', 422, "reference_date"),
        ('{"person": ' + "[" * 1000 + "]" * 1000 + "}", 422, "input"),
        ('{"person": ' + "[" * 20 + "]" * 20 + "}", 422, "person[0][0][0][0][0][0][0]"),
        ("[" * 5000 + "]" * 5000, 422, "input"),
        ("not json", 422, "input"),
        ("[]", 422, "input"),
        ('{"job": {"start_date": 20250101}}', 422, "job.start_date"),
    ],
)
def test_the_stateless_precheck_refuses_bad_input_naming_the_field(login, body, status, field):
    response = login("company_hr").post("/api/v1/precheck", body, content_type="application/json")
    assert response.status_code == status, response.content
    assert field in response.json()["fields"], response.json()


def test_the_stateless_precheck_has_a_size_limit_with_a_clear_message(login):
    from lotse.precheck.inputs import MAX_BYTES

    body = '{"person": {}' + " " * MAX_BYTES + "}"
    response = login("company_hr").post("/api/v1/precheck", body, content_type="application/json")
    assert response.status_code == 413
    assert "65.536" in response.json()["message"] or "65,536" in response.json()["message"]


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
    page = client.get(reverse("cases:detail", args=[case.pk]), {"step": "no_prospect"})
    draft = page.context["steps"]["no_prospect"].form.initial["text"]
    assert draft and "§" in draft
    post_step(client, "no_prospect", case, text=draft)
    event = case.events.get(type="precheck.no_prospect")
    [event] = events_open([event])
    assert event.data["reasons"] == draft.strip()
    assert event.data["assessment"]["outcome"] == "not_promising"
    company_page = login("company_hr").get(reverse("cases:detail", args=[case.pk]))
    assert html.escape(draft.splitlines()[0]) in company_page.content.decode()


def test_self_check_names_missing_facts_as_the_form_does(login, cast, post_step):
    from lotse.cases import services
    from lotse.demo.stories import valid_intake

    case = services.case_create(
        actor=cast("company_hr"),
        fields=valid_intake(
            worker_last_name="Offen", zab_comparable=None, qualification_level="academic"
        ),
    )
    client = login("company_hr")
    post_step(client, "precheck", case)
    text = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "qualification.zab_comparable" not in text
    assert html.escape("Abschluss vergleichbar") in text


def test_timeline_names_changed_fields_as_the_form_does(login, story):
    from lotse.cases import services

    case = story("Jovanović")
    services.case_update(case=case, actor=case.created_by, fields={"job_title": "Neu"})
    text = login("company_hr").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Geändert: Stellenbezeichnung" in text and "job_title" not in text


def test_case_page_shows_labels_each_citation_once_and_the_law_apart(login, story, post_step):
    """Issue 11 item 7: no internal variant ids, the citation once per condition, the law in force
    not listed among the case's facts, the summary first."""
    case = story("Raman")
    client = login("ihk_adviser")
    post_step(client, "precheck", case)
    page = html.unescape(client.get(reverse("cases:detail", args=[case.pk])).content.decode())
    stored = events_open([case.events.order_by("-seq").first()])[0].data["assessment"]
    assert stored["summary"]["de"][0] in page
    for pathway in stored["pathways"]:
        for variant in pathway.get("variants", []):
            assert f"({variant['id']})" not in page
        for condition in pathway["conditions"]:
            text = condition["explanation"]["de"]
            assert page.count(text + " (" + condition["citation"] + ")") == 0
        for condition in pathway["law"]:
            assert f"Geltendes Recht: {condition['explanation']['de']}" in page
