"""A family member's career: with their consent the company refers them to the Agentur für
Arbeit's career counselling (SGB III) or, where SGB II applies, to the Jobcenter; that service
takes part in the case as career counselling and sees what that part needs (need to know)."""

from django.urls import reverse

from lotse.cases.event_types import EventType
from lotse.cases.models import Participant, ParticipantRole
from tests.test_step_parity import make_case


def _ok(response):
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_referral_needs_consent_and_brings_the_service_in(db, login, post_step, cast):
    case = make_case("completed", family=True)
    spouse = case.family.get()
    company = login("company_hr")
    before = case.events.count()
    # without the family member's consent nothing is stored, and the field says why
    response = post_step(
        company, "counselling_refer", case, member=str(spouse.pk), service="jobcenter"
    )
    assert response.status_code == 200 and case.events.count() == before
    assert "Es wurde nichts gespeichert" in response.content.decode()
    # the API names the field and why, in the caller's language
    import json

    body = {"member": str(spouse.pk), "service": "jobcenter", "consent": False}
    body["version"] = case.events.order_by("-seq").first().seq
    answer = company.post(
        f"/api/v1/cases/{case.pk}/counselling-refer",
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert answer.status_code == 422, answer.content
    assert "Einwilligung" in json.dumps(answer.json()["fields"], ensure_ascii=False)
    _ok(
        post_step(
            company,
            "counselling_refer",
            case,
            member=str(spouse.pk),
            service="jobcenter",
            consent="on",
        )
    )
    event = case.events.get(type=EventType.FAMILY_COUNSELLING_REFERRED)
    assert event.payload["member"] == str(spouse.pk)
    assert event.payload["law"] == "§ 16 Abs. 1 SGB II" and event.payload["consent"] is True
    jobcenter = cast("jobcenter_employer_service").organisation
    assert Participant.objects.filter(
        case=case, organisation=jobcenter, role=ParticipantRole.CAREER_COUNSELLING
    ).exists()
    # the Jobcenter's counsellor sees the family and the worker's name, not the job or the pay
    counsellor = login("jobcenter_employer_service")
    api = counsellor.get(f"/api/v1/cases/{case.pk}").json()
    assert api["worker_last_name"] == case.worker_last_name
    assert {"job_title", "job_salary_eur", "worker_passport_number"} <= set(api["withheld"])
    page = counsellor.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert spouse.last_name in page
    # a member is referred to one service once
    company = login("company_hr")
    response = post_step(
        company, "counselling_refer", case, member=str(spouse.pk), service="jobcenter", consent="on"
    )
    assert response.status_code in (200, 403, 409)
    assert case.events.filter(type=EventType.FAMILY_COUNSELLING_REFERRED).count() == 1


def test_the_agency_counsels_as_a_second_part(db, login, post_step, cast):
    from lotse.procedure.services import counselling_refer

    case = make_case("completed", family=True)
    spouse = case.family.get()
    counselling_refer(
        case=case, actor=cast("company_hr"), member=str(spouse.pk), service="agency", consent=True
    )
    agency = cast("aa_caseworker").organisation
    roles = set(
        Participant.objects.filter(case=case, organisation=agency).values_list("role", flat=True)
    )
    assert roles == {ParticipantRole.EMPLOYMENT_AGENCY, ParticipantRole.CAREER_COUNSELLING}
    event = case.events.get(type=EventType.FAMILY_COUNSELLING_REFERRED)
    assert event.payload["law"] == "§§ 29 ff. SGB III"
    # the agency's caseworker now also sees the family
    page = login("aa_caseworker").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert spouse.last_name in page
