"""The steps through the API as another system takes them: each success path checks its outcome
(state, event, participants); a step on an older version is refused with `case_changed`; a NUL
character in any text is refused at the field (PostgreSQL would not store it)."""

import datetime
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from lotse.cases import services
from lotse.cases.models import Case, CaseContact, Participant
from lotse.cases.personal import events_open
from lotse.cases.selectors import case_version, track_state
from lotse.cases.tracks import TrackKind
from lotse.core import clock
from lotse.demo.stories import PAPER_DOSSIER, valid_intake
from lotse.forwarding.services import case_forward
from lotse.forwarding.testing import accepted
from lotse.orgs.models import Organisation

SPOUSE = {"relation": "spouse", "first_name": "Ana", "last_name": "Petrović"}


@pytest.fixture
def api(client, cast):
    """`api(member, step, case, **body)` posts a step as `member`, naming the case's version."""

    def post(member: str, step: str, case: Case, /, **body):
        client.force_login(cast(member).user)
        body.setdefault("version", case_version(case=case))
        url = f"/api/v1/cases/{case.pk}/{step}"
        return client.post(url, json.dumps(body), content_type="application/json")

    return post


def draft(cast, **intake) -> Case:
    return services.case_create(actor=cast("company_hr"), fields=valid_intake(**intake))


def submitted(cast, choice: str = "") -> Case:
    case = draft(cast)
    chamber = Organisation.objects.get(key="ihk-hannover")
    return services.case_submit(
        case=case, actor=cast("company_hr"), chamber=chamber, authority_choice=choice
    )


def last_event(case: Case):
    return case.events.order_by("-seq").first()


def types_after(case: Case, seq: int) -> list[str]:
    return list(case.events.filter(seq__gt=seq).order_by("seq").values_list("type", flat=True))


def test_withdraw(cast, api):
    case = submitted(cast)
    response = api("company_hr", "withdraw", case, text="Die Stelle ist besetzt.")
    assert response.status_code == 200, response.content
    assert response.json()["case"]["state"] == "withdrawn"
    case.refresh_from_db()
    assert case.state == "withdrawn" and last_event(case).type == "case.withdrawn"


def test_family_member_removal(cast, api):
    case = draft(cast)
    member = services.family_member_add(
        case=case,
        actor=cast("company_hr"),
        data=SPOUSE | {"birth_date": datetime.date(1995, 2, 3)},
    )
    response = api("company_hr", "family-remove", case, member=str(member.pk))
    assert response.status_code == 200, response.content
    assert "Ana Petrović" in response.json()["message"]
    assert not case.family.exists()
    event = last_event(case)
    assert event.type == "family.removed" and event.payload["member"] == str(member.pk)


def test_family_member_added_through_the_api(cast, api):
    case = draft(cast)
    response = api("company_hr", "family-add", case, **SPOUSE, birth_date="1995-02-03")
    assert response.status_code == 200, response.content
    assert case.family.get().birth_date == datetime.date(1995, 2, 3)
    assert last_event(case).type == "family.added"


def test_return_for_completion(cast, api):
    case = submitted(cast)
    response = api("ihk_adviser", "return", case, text="Der Arbeitsvertrag fehlt.")
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.state == "returned" and last_event(case).type == "case.returned"


def test_request_forwarding_after_advice(cast, api):
    case = submitted(cast)
    services.case_advise_no_prospect(case=case, actor=cast("ihk_adviser"), reasons="§ 18a")
    response = api("company_hr", "request-forwarding", case, text="Bitte trotzdem.")
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.state == "submitted" and last_event(case).type == "case.forwarding_requested"


def test_choose_authority_in_the_2025_window(cast, api):
    with clock.travel_to(datetime.date(2025, 9, 1)):
        case = submitted(cast, choice="local")
        response = api("company_hr", "choose-authority", case, choice="zentralstelle")
    assert response.status_code == 200, response.content
    assert response.json()["case"]["authority_choice"] == "zentralstelle"
    assert "Zentralstelle" in response.json()["message"]  # the option's label, not its key
    event = last_event(case)
    assert event.type == "routing.authority_chosen"
    assert (event.payload["old"], event.payload["new"]) == ("local", "zentralstelle")


def test_request_consent_brings_in_the_agency(cast, api):
    case = submitted(cast)
    case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    accepted(case, authority=cast("zentralstelle_caseworker"))
    seq = last_event(case).seq
    response = api("zentralstelle_caseworker", "request-consent", case)
    assert response.status_code == 200, response.content
    assert types_after(case, seq)[0] == "consent.requested"
    agency = Participant.objects.get(case=case, organisation__key="aa-hannover")
    assert agency.role == "employment_agency"
    assert case.contacts.get(organisation__key="aa-hannover").membership == cast("aa_caseworker")


def consent_requested(cast) -> Case:
    case = submitted(cast)
    case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    accepted(case, authority=cast("zentralstelle_caseworker"))
    return services.case_request_consent(case=case, actor=cast("zentralstelle_caseworker"))


@pytest.mark.parametrize(
    ("body", "event_type", "message"),
    [
        ({"decision": "given"}, "consent.given", "Zustimmung erteilt."),
        (
            {"decision": "refused", "text": "Vorrangprüfung: bevorrechtigte Bewerber"},
            "consent.refused",
            "Zustimmung versagt.",
        ),
    ],
)
def test_decide_consent(cast, api, body, event_type, message):
    case = consent_requested(cast)
    seq = last_event(case).seq
    response = api("aa_caseworker", "decide-consent", case, **body)
    assert response.status_code == 200, response.content
    assert response.json()["message"] == message
    case.refresh_from_db()
    assert case.state == "in_procedure"
    assert types_after(case, seq) == [event_type]
    payload = events_open(case.events.filter(seq__gt=seq))[0].data
    assert payload["reason"] == body.get("text", "")
    assert track_state(case, TrackKind.CONSENT) == body["decision"]
    assert "decide_consent" not in response.json()["case"]["allowed_steps"]


def test_a_refusal_without_reason_is_refused_at_the_field(cast, api):
    case = consent_requested(cast)
    seq = last_event(case).seq
    response = api("aa_caseworker", "decide-consent", case, decision="refused", text="  ")
    assert response.status_code == 422, response.content
    assert set(response.json()["fields"]) == {"text"}
    assert types_after(case, seq) == []
    assert track_state(case, TrackKind.CONSENT) == "requested"


def test_the_agency_decides_on_the_case_page(cast, login):
    case = consent_requested(cast)
    client = login("aa_caseworker")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'action="/cases/{case.pk}/decide-consent/"' in page
    assert "Erforderlich, wenn die Zustimmung versagt wird." in page  # said at the field
    before = case.events.count()
    response = client.post(
        reverse("cases:decide_consent", args=[case.pk]),
        {"decision": "refused", "text": "", "version": case_version(case=case)},
    )
    assert response.status_code == 200
    errors = response.context["steps"]["decide_consent"].form.errors
    assert errors["text"] == ["Bitte geben Sie die Begründung der Versagung an."]
    assert case.events.count() == before


def test_assign_contact(cast, api):
    case = submitted(cast)
    response = api("ihk_lead", "assign-contact", case, membership=str(cast("ihk_lead").pk))
    assert response.status_code == 200, response.content
    contact = CaseContact.objects.get(case=case, organisation__key="ihk-hannover")
    assert contact.membership == cast("ihk_lead")
    event = last_event(case)
    assert event.type == "contact.assigned" and event.payload["new"] == str(cast("ihk_lead").pk)


def test_involve_partner(cast, api):
    case = submitted(cast)
    response = api("company_hr", "involve-partner", case, organisation="welcome-center")
    assert response.status_code == 422  # not confirmed: the refusal names what it would see
    assert "Welcome Center" in str(response.json()["fields"]["confirm"])
    assert not Participant.objects.filter(case=case, organisation__key="welcome-center").exists()
    response = api(
        "company_hr", "involve-partner", case, organisation="welcome-center", confirm=True
    )
    assert response.status_code == 200, response.content
    assert Participant.objects.get(case=case, organisation__key="welcome-center").role == "contact"
    assert last_event(case).payload["organisation"] == "welcome-center"


def test_forward_says_where_to(cast, api):
    case = submitted(cast)
    response = api("ihk_adviser", "forward", case, text=PAPER_DOSSIER)
    assert response.status_code == 200, response.content
    authority = Participant.objects.get(case=case, role="authority").organisation
    assert str(authority) in response.json()["message"]
    assert response.json()["case"]["state"] == "forwarded"


def test_api_submit_carries_the_2025_choice(cast, api):
    with clock.travel_to(datetime.date(2025, 9, 1)):
        case = draft(cast)
        seq = last_event(case).seq
        response = api("company_hr", "submit", case, chamber="ihk-hannover", choice="local")
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.state == "submitted" and case.authority_choice == "local"
    assert types_after(case, seq)[0] == "routing.authority_chosen"
    assert "case.submitted" in types_after(case, seq)
    assert Participant.objects.get(case=case, organisation__key="ihk-hannover").role == "chamber"


def test_api_submit_in_the_window_without_a_choice_is_refused(cast, api):
    with clock.travel_to(datetime.date(2025, 9, 1)):
        case = draft(cast)
        before = case.events.count()
        response = api("company_hr", "submit", case, chamber="ihk-hannover")
    assert response.status_code == 409 and response.json()["code"] == "choice_missing"
    assert case.events.count() == before


def test_api_case_precheck_records_the_run(cast, api):
    case = submitted(cast)
    response = api("ihk_adviser", "precheck", case)
    assert response.status_code == 201, response.content
    result = response.json()
    assert result["outcome"] in ("promising", "not_promising", "undecided")
    event = last_event(case)
    assert event.type == "precheck.run"
    stored = events_open([event])[0].data["assessment"]
    assert stored["outcome"] == result["outcome"] and set(result) == set(stored)
    condition = result["pathways"][0]["conditions"][0]
    assert set(condition) == set(stored["pathways"][0]["conditions"][0])
    assert condition["explanation"]["de"] and condition["explanation"]["en"]
    own = api("company_hr", "precheck", draft(cast))
    assert own.status_code == 201
    assert Case.objects.filter(events__type="precheck.self_check").exists()


def test_api_patch_changes_the_intake_and_logs_old_and_new(cast, client):
    case = draft(cast)
    client.force_login(cast("company_hr").user)
    version = case_version(case=case)
    body = {"job_title": "Mechatroniker", "version": version}
    response = client.patch(f"/api/v1/cases/{case.pk}", body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["job_title"] == "Mechatroniker"
    assert response.json()["version"] == version + 1
    event = last_event(case)
    assert event.type == "case.updated" and set(event.payload["changes"]) == {"job_title"}
    stale = client.patch(
        f"/api/v1/cases/{case.pk}", body | {"job_title": "x"}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "case_changed"
    case.refresh_from_db()
    assert case.job_title == "Mechatroniker"


def test_a_step_on_an_older_version_is_refused_with_where_the_case_stands(cast, api):
    case = submitted(cast)
    old = case_version(case=case)
    services.case_advise_no_prospect(case=case, actor=cast("ihk_adviser"), reasons="§ 18a")
    before = case.events.count()
    response = api("company_hr", "withdraw", case, version=old)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "case_changed"
    assert body["fields"]["current"] == {"version": old + 1, "state": "submitted"}
    case.refresh_from_db()
    assert case.state == "submitted" and case.events.count() == before


def test_the_page_says_the_case_changed_meanwhile(cast, login):
    case = submitted(cast)
    old = case_version(case=case)
    services.case_advise_no_prospect(case=case, actor=cast("ihk_adviser"), reasons="§ 18a")
    before = case.events.count()
    client = login("company_hr")
    response = client.post(reverse("cases:withdraw", args=[case.pk]), {"version": old})
    messages = [m.message for m in get_messages(response.wsgi_request)]
    assert len(messages) == 1 and "zwischenzeitlich geändert" in messages[0]
    assert case.events.count() == before


def test_every_step_form_on_the_page_carries_the_version(cast, login):
    case = submitted(cast)
    client = login("ihk_adviser")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    version = f'name="version" value="{case_version(case=case)}"'
    assert page.count('<form method="post" action="/cases/') == page.count(version) >= 1
    opened = re.findall(r'href="\?step=(\w+)#', page)  # the steps a link opens
    assert len(opened) > 2
    for key in opened:
        url = reverse("cases:detail", args=[case.pk])
        page = client.get(url, {"step": key}).content.decode()
        assert f'action="/cases/{case.pk}/{key.replace("_", "-")}/"' in page
        assert page.count('<form method="post" action="/cases/') == page.count(version)


def test_a_step_without_a_version_is_refused_naming_the_field(cast, api, client):
    case = submitted(cast)
    client.force_login(cast("company_hr").user)
    url = f"/api/v1/cases/{case.pk}/withdraw"
    response = client.post(url, "{}", content_type="application/json")
    assert response.status_code == 422 and "version" in response.json()["fields"]


@pytest.mark.parametrize(
    ("step", "member", "body", "field"),
    [
        ("withdraw", "company_hr", {"text": "a\x00b"}, "text"),
        ("request-forwarding", "company_hr", {"text": "\x00"}, "text"),
        ("return", "ihk_adviser", {"text": "fehlt\x00"}, "text"),
        ("no-prospect", "ihk_adviser", {"text": "\x00"}, "text"),
        ("choose-authority", "company_hr", {"choice": "local\x00"}, "choice"),
        ("involve-partner", "company_hr", {"organisation": "welcome\x00"}, "organisation"),
    ],
)
def test_a_nul_character_in_a_step_is_refused_at_the_field(cast, api, step, member, body, field):
    case = submitted(cast)
    before = case.events.count()
    response = api(member, step, case, **body)
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert case.events.count() == before


def test_a_nul_character_on_the_page_is_refused_at_the_field(cast, login):
    case = submitted(cast)
    before = case.events.count()
    response = login("company_hr").post(
        reverse("cases:withdraw", args=[case.pk]),
        {"text": "a\x00b", "version": case_version(case=case)},
    )
    assert response.status_code == 200
    assert response.context["steps"]["withdraw"].form.errors["text"]
    assert case.events.count() == before


@pytest.mark.parametrize(
    "body",
    [
        {"job_title": "Koch\x00"},
        {"worker_first_name": "\x00"},
        {"workplace_municipality": "hannover\x00"},
        {"worker_languages": [{"language": "de", "level": "B1", "note\x00": "x"}]},
    ],
)
def test_a_nul_character_in_the_intake_is_refused_naming_the_field(cast, client, body):
    case = draft(cast)
    client.force_login(cast("company_hr").user)
    before = case.events.count()
    response = client.patch(f"/api/v1/cases/{case.pk}", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert set(response.json()["fields"]) == set(body)
    created = client.post("/api/v1/cases", body, content_type="application/json")
    assert created.status_code == 422 and set(created.json()["fields"]) == set(body)
    assert case.events.count() == before


def test_a_nul_character_in_a_family_member_is_refused(cast, api):
    case = draft(cast)
    response = api("company_hr", "family-add", case, **SPOUSE | {"first_name": "A\x00"})
    assert response.status_code == 422 and "first_name" in response.json()["fields"]
    assert not case.family.exists()


def test_the_nul_message_is_in_the_users_language(cast, client):
    case = draft(cast)
    client.force_login(cast("company_hr").user)
    url = f"/api/v1/cases/{case.pk}"
    response = client.patch(url, {"job_title": "\x00"}, content_type="application/json")
    assert response.json()["fields"]["job_title"] == ["Nullzeichen sind nicht erlaubt."]


def test_the_services_refuse_a_nul_character_whoever_calls_them(cast):
    with pytest.raises(ValidationError) as refused:
        draft(cast, job_title="Koch\x00", worker_citizenship="\x00")
    assert set(refused.value.message_dict) == {"job_title", "worker_citizenship"}
    case = draft(cast)
    with pytest.raises(ValidationError) as refused:
        services.family_member_add(
            case=case,
            actor=cast("company_hr"),
            data=SPOUSE | {"last_name": "\x00", "birth_date": datetime.date(1995, 2, 3)},
        )
    assert set(refused.value.message_dict) == {"last_name"}
    assert not case.family.exists()
