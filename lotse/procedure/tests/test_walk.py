"""One case through every stage, each step taken by its role through the step table's pages:
chamber → authority → Agentur für Arbeit → recognition body → pre-approval → visas → entry."""

import pytest
from django.urls import reverse

from lotse.cases.event_types import EventType
from lotse.cases.models import Participant, ParticipantRole
from lotse.cases.selectors import track_state
from lotse.cases.states import CaseState
from lotse.cases.tracks import TrackKind, TrackState
from lotse.inbox.models import Thread

SPOUSE = {
    "relation": "spouse",
    "first_name": "Lan",
    "last_name": "Nguyễn",
    "birth_date": "1992-04-03",
    "qualification": "Buchhalterin",
    "career": "",
}


def _types(case) -> list[str]:
    return list(case.events.order_by("seq").values_list("type", flat=True))


def _company_sees(client, case) -> str:
    return client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def _ok(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.fixture
def walk(procedure_case, cast):
    case = procedure_case(worker_first_name="Minh", worker_last_name="Nguyễn")
    case.refresh_from_db()
    return case


def test_one_case_through_every_stage(walk, login, client, cast, post_step, upload, story):
    case = walk
    assert case.state == CaseState.IN_PROCEDURE
    hr, abh = cast("company_hr"), cast("zentralstelle_caseworker")
    # the authority drafts the agreement; the company sees it and signs with its signed copy
    _ok(post_step(login("zentralstelle_caseworker"), "agreement_draft", case))
    assert track_state(case, TrackKind.AGREEMENT) == TrackState.DRAFTED
    copy = upload(case, hr, "agreement_signed")
    company = login("company_hr")
    page = _company_sees(company, case)
    assert "Behörde hat die Vereinbarung entworfen" in page
    assert "Vereinbarung unterschreiben und die unterschriebene Ausfertigung hochladen" in page
    # a click is not a signature: without the uploaded copy nothing is stored
    before = case.events.count()
    response = post_step(company, "agreement_sign", case)
    assert response.status_code == 200 and case.events.count() == before
    _ok(post_step(company, "agreement_sign", case, document=str(copy.pk)))
    signed = upload(case, abh, "agreement_signed")
    authority = login("zentralstelle_caseworker")
    _ok(post_step(authority, "agreement_sign", case, document=str(signed.pk)))
    _ok(post_step(authority, "agreement_conclude", case, fee_debtor="employer"))
    assert track_state(case, TrackKind.AGREEMENT) == TrackState.CONCLUDED
    # consent: requested, information requested, then given
    _ok(post_step(authority, "request_consent", case))
    agency = login("aa_caseworker")
    _ok(post_step(agency, "consent_ask_information", case, text="Arbeitszeitnachweis fehlt"))
    assert track_state(case, TrackKind.CONSENT) == TrackState.INFORMATION_REQUESTED
    _ok(post_step(agency, "decide_consent", case, decision="given"))
    # recognition at the IHK, which is also the case's chamber: two parts, one organisation
    authority = login("zentralstelle_caseworker")
    _ok(post_step(authority, "recognition_apply", case, occupation="ihk_occupation"))
    ihk = cast("ihk_adviser").organisation
    roles = set(
        Participant.objects.filter(case=case, organisation=ihk).values_list("role", flat=True)
    )
    assert roles == {ParticipantRole.CHAMBER, ParticipantRole.RECOGNITION_BODY}
    body = login("ihk_adviser")
    _ok(post_step(body, "recognition_confirm_receipt", case))
    _ok(post_step(body, "recognition_request_evidence", case, note="Fächerübersicht fehlt"))
    # the company sees the request only once the authority passed it on
    company = login("company_hr")
    assert "Fächerübersicht" not in _company_sees(company, case)
    request = case.events.get(type=EventType.RECOGNITION_EVIDENCE_REQUESTED)
    authority = login("zentralstelle_caseworker")
    _ok(post_step(authority, "recognition_pass_on", case, about=request.seq))
    company = login("company_hr")
    assert "Fächerübersicht" in _company_sees(company, case)
    body = login("ihk_adviser")
    _ok(post_step(body, "recognition_receive_documents", case))
    _ok(
        post_step(
            body,
            "recognition_decide",
            case,
            outcome="partial",
            measure="Anpassungslehrgang 6 Monate",
        )
    )
    # the pre-approval completes the case
    authority = login("zentralstelle_caseworker")
    _ok(post_step(authority, "preapproval_issue", case, person="worker"))
    case.refresh_from_db()
    assert case.state == CaseState.COMPLETED
    assert case.next_step.organisation == hr.organisation
    # a spouse joins after the worker's pre-approval and gets her own pre-approval and visa track
    company = login("company_hr")
    _ok(post_step(company, "family_join", case, **SPOUSE))
    spouse = str(case.family.get().pk)
    authority = login("zentralstelle_caseworker")
    _ok(post_step(authority, "preapproval_issue", case, person=spouse))
    assert track_state(case, TrackKind.PREAPPROVAL, spouse) == TrackState.ISSUED
    # the company reports the visa and the entry
    company = login("company_hr")
    _ok(post_step(company, "visa_request_appointment", case, person=spouse))
    assert track_state(case, TrackKind.VISA, spouse) == TrackState.APPOINTMENT_REQUESTED
    for key in ("visa_request_appointment", "visa_book_appointment", "visa_apply", "visa_issue"):
        _ok(post_step(company, key, case, person="worker", date="2026-05-04"))
    _ok(post_step(company, "entry_report", case, person="worker", date="2026-05-20"))
    assert track_state(case, TrackKind.VISA, "worker") == TrackState.ENTERED
    _ok(post_step(company, "employment_report_end", case, date="2026-09-30", text="Kündigung"))
    assert _types(case)[-1] == EventType.EMPLOYMENT_ENDED_EARLY
    # audit verify replays state and tracks
    from lotse.cases.audit import audit_report

    report = audit_report()
    assert not report.broken, report.broken


def test_internal_messages_stay_between_partners(walk, login, cast, post_step, client):
    case = walk
    authority = login("zentralstelle_caseworker")
    aa = cast("aa_caseworker").organisation
    _ok(post_step(authority, "request_consent", case))
    _ok(
        post_step(
            authority,
            "message_send",
            case,
            to=aa.key,
            subject="Rückfrage intern",
            text="Geheimer Vermerk zum Gehalt",
        )
    )
    company = cast("company_hr").organisation
    _ok(
        post_step(
            authority,
            "message_send",
            case,
            to=company.key,
            subject="An die Firma",
            text="Bitte melden",
        )
    )
    thread = Thread.objects.get(subject="Rückfrage intern")
    event = case.events.get(type=EventType.MESSAGE_SENT, payload__internal=True)
    assert event.payload["thread"] == str(thread.pk)
    hr = login("company_hr")
    page = hr.get(reverse("cases:detail", args=[case.pk])).content.decode()
    api = hr.get(f"/api/v1/cases/{case.pk}/events").json()
    export = hr.get(f"/api/v1/cases/{case.pk}/export").json()
    assert "Geheimer Vermerk" not in page
    internal = [e for e in api if e["type"] == "message.sent" and e["payload"].get("internal")]
    assert internal == []
    assert [e for e in api if e["type"] == "message.sent"]  # the message to the company shows
    sent = [e["data"] for e in export["events"] if e["type"] == "message.sent"]
    assert sent and not [data for data in sent if data.get("internal")]
    assert hr.get(reverse("inbox:thread", args=[thread.pk])).status_code == 404
    agency = login("aa_caseworker")
    assert agency.get(reverse("inbox:thread", args=[thread.pk])).status_code == 200
    api = agency.get(f"/api/v1/cases/{case.pk}/events").json()
    assert [e for e in api if e["type"] == "message.sent" and e["payload"].get("internal")]
