"""Plausibility warnings: the rules alone, then as the intake shows them (saved with a warning)
and as submission asks for them (refused until confirmed, on the page and in the API)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from lotse.cases import plausibility as p
from lotse.cases.selectors import case_version
from lotse.orgs.models import OUTSIDE_REGION

d = datetime.date
TODAY = d(2026, 11, 29)


@pytest.mark.parametrize(
    ("salary", "code"),
    [
        (Decimal("0"), "salary_zero"),
        (Decimal("0.00"), "salary_zero"),
        (Decimal("1000000.01"), "salary_high"),
        (Decimal("1000000"), None),
        (Decimal("0.01"), None),
        (Decimal("52000"), None),
        (None, None),
    ],
)
def test_salary_of_zero_or_above_a_million_is_doubted(salary, code):
    found = p.salary_warning(salary)
    assert (found.code if found else None) == code


@pytest.mark.parametrize(
    ("birth", "start", "code"),
    [
        (d(2011, 3, 2), d(2027, 3, 1), "worker_young"),  # one day short of 16
        (d(2011, 3, 1), d(2027, 3, 1), None),  # 16 on the start date
        (d(1994, 3, 8), d(2027, 3, 1), None),
        (None, d(2027, 3, 1), None),
        (d(1994, 3, 8), None, None),
    ],
)
def test_a_worker_under_16_on_the_start_date_is_doubted(birth, start, code):
    found = p.worker_age_warning(birth, start)
    assert (found.code if found else None) == code
    if found:
        assert found.field == "worker_birth_date"


@pytest.mark.parametrize(
    ("birth", "obtained", "code"),
    [
        (d(2000, 6, 1), d(2014, 5, 31), "qualification_early"),
        (d(2000, 6, 1), d(2014, 6, 1), None),
        (d(2000, 6, 1), d(1999, 1, 1), "qualification_early"),  # before birth
        (None, d(2014, 5, 31), None),
    ],
)
def test_a_qualification_before_the_age_of_14_is_doubted(birth, obtained, code):
    found = p.qualification_age_warning(birth, obtained)
    assert (found.code if found else None) == code


def test_a_start_date_in_the_past_is_doubted_today_is_not():
    assert p.start_date_warning(d(2026, 11, 28), TODAY).code == "start_past"
    assert p.start_date_warning(TODAY, TODAY) is None
    assert p.start_date_warning(None, TODAY) is None


def test_a_workplace_outside_the_region_names_the_consequence():
    found = p.workplace_warning(
        outside=True, postcode="10115", region="Region Hannover", consequence="Zuständig: X."
    )
    assert found.code == "workplace_outside" and found.field == "workplace_postcode"
    assert "10115" in found.message and found.message.endswith("Zuständig: X.")
    assert p.workplace_warning(outside=False, postcode="30159", region="R", consequence="") is None


def test_all_warnings_in_intake_order_and_none_for_a_plausible_case():
    with translation.override("en"):
        found = p.warnings_for(
            salary=Decimal("0"),
            birth_date=d(2012, 1, 1),
            qualification_date=d(2020, 1, 1),
            start_date=d(2026, 1, 1),
            today=TODAY,
            workplace_outside=True,
            workplace_postcode="10115",
            region="Region Hannover",
        )
    assert [w.code for w in found] == [
        "worker_young",
        "qualification_early",
        "salary_zero",
        "start_past",
        "workplace_outside",
    ]
    assert "younger than 16" in found[0].message
    plausible = p.warnings_for(
        salary=Decimal("42000"),
        birth_date=d(1994, 3, 8),
        qualification_date=d(2013, 6, 28),
        start_date=d(2027, 3, 1),
        today=TODAY,
    )
    assert plausible == []


def test_the_case_knows_a_postcode_none_of_the_region_lists(story):
    case = story("Jovanović")
    assert p.case_warnings(case) == []
    case.workplace_postcode, case.workplace_municipality = "10115", ""
    assert [w.code for w in p.case_warnings(case)] == ["workplace_outside"]
    case.workplace_municipality = OUTSIDE_REGION
    with translation.override("de"):
        (found,) = p.case_warnings(case)
    assert "außerhalb der Region Hannover" in found.message


# --- in the intake and at submission -------------------------------------------------------


def _draft_with_zero_salary(cast):
    from lotse.cases.services import case_create
    from lotse.demo.stories import valid_intake

    return case_create(actor=cast("company_hr"), fields=valid_intake(job_salary_eur=Decimal("0")))


def test_a_step_saves_with_a_warning(login, story):
    case = story("Jovanović")
    client = login("company_hr")
    data = {
        "version": case_version(case=case),
        "job_title": case.job_title,
        "job_salary_eur": "0",
        "job_weekly_hours": "40",
        "job_start_date": "2027-03-01",
        "job_offer": "true",
        "go": "stay",
    }
    response = client.post(reverse("cases:intake", args=[case.pk, "job"]), data, follow=True)
    case.refresh_from_db()
    assert case.job_salary_eur == 0  # saved
    text = response.content.decode()
    assert "Das jährliche Bruttogehalt beträgt 0 €." in text
    assert "Bitte prüfen Sie diese Werte" in text


def test_submission_on_the_review_page_asks_to_confirm_the_warnings(login, cast):
    case = _draft_with_zero_salary(cast)
    client = login("company_hr")
    url = reverse("cases:intake", args=[case.pk, "review"])
    page = client.get(url).content.decode()
    assert "Das jährliche Bruttogehalt beträgt 0 €." in page
    assert 'name="confirm_warnings"' in page
    chamber = cast("ihk_adviser").organisation.key
    data = {"version": case_version(case=case), "chamber": chamber}
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "confirm_warnings" in refused.context["form"].errors
    case.refresh_from_db()
    assert case.state == "draft"
    confirmed = client.post(url, data | {"confirm_warnings": "on"})
    assert confirmed.status_code == 302
    case.refresh_from_db()
    assert case.state == "submitted"
    event = case.events.get(type="case.submitted")
    assert event.payload["warnings_confirmed"] == ["salary_zero"]


def test_a_plausible_case_is_submitted_without_a_confirmation(login, cast):
    from lotse.cases.services import case_create
    from lotse.demo.stories import valid_intake

    case = case_create(actor=cast("company_hr"), fields=valid_intake())
    client = login("company_hr")
    url = reverse("cases:intake", args=[case.pk, "review"])
    assert 'type="checkbox" name="confirm_warnings"' not in client.get(url).content.decode()
    chamber = cast("ihk_adviser").organisation.key
    response = client.post(url, {"version": case_version(case=case), "chamber": chamber})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "submitted"
    assert "warnings_confirmed" not in case.events.get(type="case.submitted").payload


def test_the_api_refuses_submission_with_the_warnings_until_confirmed(login, cast):
    case = _draft_with_zero_salary(cast)
    client = login("company_hr")
    read = client.get(f"/api/v1/cases/{case.pk}").json()
    assert [w["code"] for w in read["warnings"]] == ["salary_zero"]
    body = {"version": case_version(case=case), "chamber": cast("ihk_adviser").organisation.key}
    url = f"/api/v1/cases/{case.pk}/submit"
    refused = client.post(url, json.dumps(body), content_type="application/json")
    assert refused.status_code == 422, refused.content
    assert refused.json()["code"] == "invalid"
    assert "0 €" in " ".join(refused.json()["fields"]["confirm_warnings"])
    case.refresh_from_db()
    assert case.state == "draft"
    body["confirm_warnings"] = True
    done = client.post(url, json.dumps(body), content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["case"]["state"] == "submitted"


def test_the_service_refuses_unconfirmed_warnings(cast):
    from django.core.exceptions import ValidationError

    from lotse.cases.services import case_submit

    case = _draft_with_zero_salary(cast)
    chamber = cast("ihk_adviser").organisation
    with pytest.raises(ValidationError) as refused:
        case_submit(case=case, actor=cast("company_hr"), chamber=chamber)
    assert set(refused.value.message_dict) == {"confirm_warnings"}
    case.refresh_from_db()
    assert case.state == "draft" and not case.events.filter(type="case.submitted").exists()


def test_the_case_page_lists_the_warnings_at_the_submission_checkbox(login, cast, post_step):
    case = _draft_with_zero_salary(cast)
    client = login("company_hr")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'name="confirm_warnings"' in page and "Das jährliche Bruttogehalt beträgt 0 €." in page
    chamber = cast("ihk_adviser").organisation.key
    refused = post_step(client, "submit", case, chamber=chamber)
    assert "submit-confirm_warnings_error" in refused.content.decode()
    case.refresh_from_db()
    assert case.state == "draft"
    post_step(client, "submit", case, chamber=chamber, confirm_warnings="on")
    case.refresh_from_db()
    assert case.state == "submitted"
