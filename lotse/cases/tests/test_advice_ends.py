"""The advising chamber after the company submits elsewhere (issue 18): a chamber that advised
the company in a first consultation keeps the case as it was up to the submission to the other
chamber and sees nothing new — not on the page, not in the API, not in its lists. A submission
to the chamber that advised, or advice by the Welcome Center, changes nothing of the advice."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from lotse.cases import services
from lotse.cases.event_types import EventType
from lotse.cases.models import Case, CaseAccess, CaseContact, Participant, ParticipantRole
from lotse.cases.prechecks import case_run_precheck
from lotse.core import clock
from lotse.demo.stories import valid_intake
from lotse.orgs.models import Organisation

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


def client_of(cast, key: str) -> Client:
    client = Client()
    client.force_login(cast(key).user)
    return client


def advised_and_submitted(cast, *, adviser: str, chamber: str) -> tuple[Case, int]:
    """A draft advised by `adviser`, submitted to `chamber` and pre-checked there: the pre-check
    is news after the submission. Returns the case and the submission event's seq."""
    company = cast("company_hr")
    with clock.travel_to(DAY):
        case = services.case_create(actor=company, fields=valid_intake())
        services.case_advice_arrange(case=case, actor=company, adviser=cast(adviser))
        case = services.case_submit(
            case=Case.objects.get(pk=case.pk),
            actor=company,
            chamber=Organisation.objects.get(key=chamber),
        )
        submitted = case.events.get(type=EventType.CASE_SUBMITTED).seq
        pre_checker = "ihk_adviser" if chamber == "ihk-hannover" else "hwk_adviser"
        case_run_precheck(case=Case.objects.get(pk=case.pk), actor=cast(pre_checker))
    case = Case.objects.get(pk=case.pk)
    assert case.events.order_by("-seq").first().seq > submitted  # the case moved on since
    return case, submitted


def test_the_advising_chamber_keeps_the_case_as_it_was_at_the_submission(cast):
    case, submitted = advised_and_submitted(cast, adviser="hwk_adviser", chamber="ihk-hannover")
    handwerkskammer = cast("hwk_adviser").organisation
    part = Participant.objects.get(case=case, organisation=handwerkskammer)
    assert (part.role, part.seen_until, part.listed) == (ParticipantRole.ADVICE, submitted, False)
    assert not CaseContact.objects.filter(case=case, organisation=handwerkskammer).exists()

    client = client_of(cast, "hwk_adviser")
    events = client.get(f"/api/v1/cases/{case.pk}/events").json()
    assert max(event["seq"] for event in events) == submitted
    assert EventType.CASE_SUBMITTED in {event["type"] for event in events}
    answer = client.get(f"/api/v1/cases/{case.pk}").json()
    assert answer["version"] == submitted and answer["allowed_steps"] == []

    response = client.get(reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert (
        "Die Beteiligung Ihrer Organisation an diesem Fall ist beendet" in response.content.decode()
    )
    access = CaseAccess.objects.filter(case=case, action="page").latest("at")
    assert access.organisation_id == handwerkskammer.pk  # the read is logged

    listed = client.get("/api/v1/cases").json()["items"]
    assert str(case.pk) not in {item["id"] for item in listed}
    assert case.reference not in client.get(reverse("cases:list")).content.decode()

    # the chamber that pre-checks sees the case as it is
    ihk = client_of(cast, "ihk_adviser").get(f"/api/v1/cases/{case.pk}/events").json()
    assert max(event["seq"] for event in ihk) > submitted


@pytest.mark.parametrize(
    ("adviser", "chamber"),
    [("ihk_adviser", "ihk-hannover"), ("welcome_adviser", "ihk-hannover")],
)
def test_advice_goes_on_where_the_company_submits_to_the_adviser_or_the_welcome_center_advised(
    cast, adviser, chamber
):
    case, submitted = advised_and_submitted(cast, adviser=adviser, chamber=chamber)
    advising = cast(adviser).organisation
    advice = Participant.objects.get(case=case, organisation=advising, role=ParticipantRole.ADVICE)
    assert advice.seen_until is None
    assert CaseContact.objects.get(case=case, organisation=advising).membership == cast(adviser)
    client = client_of(cast, adviser)
    events = client.get(f"/api/v1/cases/{case.pk}/events").json()
    assert max(event["seq"] for event in events) > submitted
    listed = client.get("/api/v1/cases").json()["items"]
    assert str(case.pk) in {item["id"] for item in listed}
