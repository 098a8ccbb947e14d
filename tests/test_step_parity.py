"""Every step of the step table is reachable on the case page and through the API, with the same
guard and the same refusal codes: each step is driven on both with a cast member whose guard
refuses and one whose guard allows, on fresh cases brought to the same stage.

The scenarios below are written by hand (not derived from the table): a step added to the table
without one fails `test_every_step_has_a_scenario`."""

import datetime
import json
from dataclasses import dataclass, field

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lotse.cases import services
from lotse.cases.models import Case
from lotse.cases.selectors import case_version
from lotse.cases.steps import STEPS
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.demo.cast import cast_membership
from lotse.demo.stories import PAPER_DOSSIER, valid_intake
from lotse.documents.checklist import case_checklist
from lotse.documents.links import link_send
from lotse.documents.tests import files
from lotse.forwarding.services import case_forward
from lotse.forwarding.testing import accepted, delivered
from lotse.orgs.models import Organisation

TODAY = datetime.date(2026, 11, 2)
IN_2025_WINDOW = datetime.date(2025, 9, 1)
SPOUSE = {
    "relation": "spouse",
    "first_name": "Ana",
    "last_name": "Petrović",
    "birth_date": "1995-02-03",
}


def make_case(stage: str, *, on: datetime.date = TODAY, family: bool = False) -> Case:
    """A fresh case of Müller Technik brought to `stage` through the services."""
    company = cast_membership("company_hr")
    with clock.travel_to(on):
        case = services.case_create(actor=company, fields=valid_intake())
        if family:
            data = SPOUSE | {"birth_date": datetime.date(1995, 2, 3)}
            services.family_member_add(case=case, actor=company, data=data)
        if stage == "draft":
            return case
        chamber = Organisation.objects.get(key="ihk-hannover")
        choice = "local" if on == IN_2025_WINDOW else ""
        services.case_submit(case=case, actor=company, chamber=chamber, authority_choice=choice)
        if stage == "returned":
            adviser = cast_membership("ihk_adviser")
            services.case_return(case=case, actor=adviser, missing="Arbeitsvertrag ergänzen")
        if stage == "advised":
            adviser = cast_membership("ihk_adviser")
            services.case_advise_no_prospect(case=case, actor=adviser, reasons="§ 18a AufenthG")
        if stage == "linked":
            link_send(case=case, actor=company, email="worker@example.org")
        if stage in ("forwarded", "in_procedure", "consent_requested"):
            case_forward(case=case, actor=cast_membership("ihk_adviser"), reason=PAPER_DOSSIER)
            delivered(case)
        authority = cast_membership("zentralstelle_caseworker")
        if stage in ("in_procedure", "consent_requested"):
            accepted(case, authority=authority)
        if stage == "consent_requested":  # as the demo case of Kaya
            services.case_request_consent(case=case, actor=authority)
        if stage in PROCEDURE_STAGES and stage != "in_procedure":
            case_forward(case=case, actor=cast_membership("ihk_adviser"), reason=PAPER_DOSSIER)
            procedure_stage(Case.objects.get(pk=case.pk), stage)
    return Case.objects.get(pk=case.pk)


def _upload(case: Case, member: str, kind: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lotse.documents.services import document_upload
    from lotse.documents.tests.files import pdf

    file = SimpleUploadedFile("scan.pdf", pdf(), content_type="application/pdf")
    return document_upload(case=case, actor=cast_membership(member), kind=kind, upload=file)


# The § 81a procedure's stages, each the one before it and one more step (`procedure_stage`).
PROCEDURE_STAGES = {
    "in_procedure": None,
    "agreement_drafted": "in_procedure",
    "agreement_signed": "agreement_drafted",
    "recognition_applied": "in_procedure",
    "recognition_receipt": "recognition_applied",
    "recognition_evidence": "recognition_receipt",
    "ip_consent_requested": "in_procedure",
    "consent_week_expired": "ip_consent_requested",
    "ready": "agreement_signed",
    "completed": "ready",
    "visa_requested": "completed",
    "visa_booked": "visa_requested",
    "visa_applied": "visa_booked",
    "visa_issued": "visa_applied",
    "entered": "visa_issued",
    "permit_applied": "entered",
    "refused": "in_procedure",
}


def procedure_stage(case: Case, stage: str) -> None:
    """Bring a forwarded case to a stage of the procedure through the services."""
    from lotse.deadlines.services import consent_week_expire
    from lotse.procedure import services as procedure
    from lotse.procedure.acceptance import into_procedure

    if PROCEDURE_STAGES[stage] is not None:
        procedure_stage(case, PROCEDURE_STAGES[stage])
    authority, company = cast_membership("zentralstelle_caseworker"), cast_membership("company_hr")
    body = cast_membership("ihk_adviser")
    case = Case.objects.get(pk=case.pk)
    worker = {"case": case, "actor": company, "person": "worker"}
    steps = {
        "in_procedure": lambda: into_procedure(case=case, actor=authority),
        "agreement_drafted": lambda: procedure.agreement_draft(case=case, actor=authority),
        "agreement_signed": lambda: [
            procedure.agreement_sign(
                case=case, actor=actor, document=_upload(case, member, "agreement_signed").pk
            )
            for actor, member in ((company, "company_hr"), (authority, "zentralstelle_caseworker"))
        ],
        "recognition_applied": lambda: procedure.recognition_apply(
            case=case, actor=authority, occupation="ihk_occupation"
        ),
        "recognition_receipt": lambda: procedure.recognition_recorder(
            "recognition.receipt_confirmed"
        )(case=case, actor=body),
        "recognition_evidence": lambda: procedure.recognition_recorder(
            "recognition.evidence_requested"
        )(case=case, actor=body, note="Fächerübersicht"),
        "ip_consent_requested": lambda: services.case_request_consent(case=case, actor=authority),
        # the agency's week (§ 36 Abs. 2 S. 2 BeschV) passed: periodic marks it the day after
        "consent_week_expired": lambda: consent_week_expire(
            case_id=case.pk, today=clock.today() + datetime.timedelta(days=9)
        ),
        "ready": lambda: [
            procedure.agreement_conclude(case=case, actor=authority, fee_debtor="employer"),
            services.case_request_consent(case=case, actor=authority),
            services.case_decide_consent(
                case=case, actor=cast_membership("aa_caseworker"), given=True
            ),
        ],
        "completed": lambda: procedure.preapproval_issue(case=case, actor=authority),
        "visa_requested": lambda: procedure.visa_reporter("visa.appointment_requested")(**worker),
        "visa_booked": lambda: procedure.visa_reporter("visa.appointment_booked")(**worker),
        "visa_applied": lambda: procedure.visa_reporter("visa.applied")(**worker),
        "visa_issued": lambda: procedure.visa_reporter("visa.issued")(**worker),
        "entered": lambda: procedure.visa_reporter("entry.reported")(**worker),
        "permit_applied": lambda: procedure.residence_permit_reporter("residence_permit.applied")(
            **worker
        ),
        "refused": lambda: procedure.procedure_refuse(case=case, actor=authority, reasons="Gründe"),
    }
    steps[stage]()


@dataclass
class Scenario:
    stage: str
    member: str
    data: dict = field(default_factory=dict)
    on: datetime.date = TODAY
    family: bool = False
    refusal: str = ""  # the guard's code when it refuses


def _lead_id() -> str:
    return str(cast_membership("ihk_lead").pk)


# step key → (allowed, refused)
SCENARIOS = {
    "submit": (
        Scenario("draft", "company_hr", {"chamber": "ihk-hannover"}),
        Scenario("submitted", "company_hr", {"chamber": "ihk-hannover"}, refusal="wrong_state"),
    ),
    "withdraw": (
        Scenario("submitted", "company_hr", {"text": "Stelle besetzt"}),
        Scenario("submitted", "ihk_adviser", {"text": "x"}, refusal="not_your_step"),
    ),
    "return": (
        Scenario("submitted", "ihk_adviser", {"text": "Arbeitsvertrag fehlt"}),
        Scenario("submitted", "company_hr", {"text": "x"}, refusal="not_your_step"),
    ),
    "no_prospect": (
        Scenario("submitted", "ihk_adviser", {"text": "§ 18a AufenthG: keine Gleichwertigkeit"}),
        Scenario("forwarded", "ihk_adviser", {"text": "x"}, refusal="wrong_state"),
    ),
    "request_forwarding": (
        Scenario("advised", "company_hr", {"text": "Bitte trotzdem"}),
        Scenario("submitted", "company_hr", {}, refusal="nothing_to_overrule"),
    ),
    "answer_return": (
        Scenario("returned", "company_hr", {"text": "Der Vertrag folgt per Link."}),
        Scenario("returned", "ihk_adviser", {"text": "x"}, refusal="not_your_step"),
    ),
    "upload_document": (
        Scenario("submitted", "company_hr", {"kind": "passport", "language": "en", "file": "pdf"}),
        Scenario(
            "forwarded",
            "company_hr",
            {"kind": "passport", "language": "en", "file": "pdf"},
            refusal="wrong_state",
        ),
    ),
    "send_upload_link": (
        Scenario("submitted", "company_hr", {"email": "worker@example.org"}),
        Scenario(
            "submitted", "ihk_adviser", {"email": "worker@example.org"}, refusal="not_your_step"
        ),
    ),
    "revoke_upload_link": (
        Scenario("linked", "company_hr", {"link": "link"}),
        Scenario("linked", "ihk_adviser", {"link": "link"}, refusal="not_your_step"),
    ),
    "choose_target_title": (
        Scenario("submitted", "ihk_adviser", {"pathway": "possible"}),
        Scenario("forwarded", "company_hr", {"pathway": "possible"}, refusal="wrong_state"),
    ),
    "choose_authority": (
        Scenario("submitted", "company_hr", {"choice": "zentralstelle"}, on=IN_2025_WINDOW),
        Scenario("submitted", "company_hr", {"choice": "local"}, refusal="choice_not_open"),
    ),
    "request_consent": (
        Scenario("in_procedure", "zentralstelle_caseworker"),
        Scenario("in_procedure", "ihk_adviser", refusal="not_your_step"),
    ),
    "accept_dossier": (
        Scenario("forwarded", "zentralstelle_caseworker"),
        Scenario("in_procedure", "zentralstelle_caseworker", refusal="wrong_state"),
    ),
    "reject_dossier": (
        Scenario("forwarded", "zentralstelle_caseworker", {"text": "Arbeitsvertrag unleserlich"}),
        Scenario("forwarded", "ihk_adviser", {"text": "x"}, refusal="not_your_step"),
    ),
    "decide_consent": (
        Scenario("consent_requested", "aa_caseworker", {"decision": "refused", "text": "§ 39"}),
        Scenario(
            "consent_requested",
            "zentralstelle_caseworker",
            {"decision": "given"},
            refusal="not_your_step",
        ),
    ),
    "assign_contact": (
        Scenario("submitted", "ihk_lead", {"membership": _lead_id}),
        Scenario("submitted", "ihk_adviser", {"membership": _lead_id}, refusal="not_your_step"),
    ),
    "involve_partner": (
        Scenario("submitted", "company_hr", {"organisation": "welcome-center", "confirm": True}),
        Scenario(
            "draft",
            "company_hr",
            {"organisation": "welcome-center", "confirm": True},
            refusal="wrong_state",
        ),
    ),
    "precheck": (
        Scenario("submitted", "ihk_adviser"),
        Scenario("forwarded", "company_hr", refusal="wrong_state"),
    ),
    "family_add": (
        Scenario("draft", "company_hr", SPOUSE),
        Scenario("submitted", "company_hr", SPOUSE, refusal="wrong_state"),
    ),
    "family_remove": (
        Scenario("draft", "company_hr", {"member": "first"}, family=True),
        Scenario(
            "submitted", "company_hr", {"member": "first"}, family=True, refusal="wrong_state"
        ),
    ),
    "forward": (
        Scenario("submitted", "ihk_adviser", {"text": PAPER_DOSSIER}),
        Scenario("submitted", "company_hr", refusal="not_your_step"),
    ),
    "agreement_draft": (
        Scenario("in_procedure", "zentralstelle_caseworker"),
        Scenario("in_procedure", "company_hr", refusal="not_your_step"),
    ),
    "agreement_sign": (
        Scenario("agreement_drafted", "company_hr", {"document": "doc:agreement_signed"}),
        Scenario(
            "ready",
            "company_hr",
            {"document": "lastdoc:agreement_signed"},
            refusal="wrong_state",
        ),
    ),
    "agreement_conclude": (
        Scenario("agreement_signed", "zentralstelle_caseworker", {"fee_debtor": "worker"}),
        Scenario(
            "agreement_signed", "company_hr", {"fee_debtor": "worker"}, refusal="not_your_step"
        ),
    ),
    "recognition_apply": (
        Scenario("in_procedure", "zentralstelle_caseworker", {"occupation": "ihk_occupation"}),
        Scenario(
            "in_procedure",
            "ihk_adviser",
            {"occupation": "ihk_occupation"},
            refusal="not_your_step",
        ),
    ),
    "recognition_confirm_receipt": (
        Scenario("recognition_applied", "ihk_adviser"),
        Scenario("recognition_applied", "zentralstelle_caseworker", refusal="body_on_platform"),
    ),
    "recognition_request_evidence": (
        Scenario("recognition_receipt", "ihk_adviser", {"note": "Fächerübersicht"}),
        Scenario("recognition_applied", "ihk_adviser", refusal="wrong_state"),
    ),
    "recognition_receive_documents": (
        Scenario("recognition_evidence", "ihk_adviser"),
        Scenario("recognition_receipt", "ihk_adviser", refusal="wrong_state"),
    ),
    "recognition_extend": (
        Scenario("recognition_receipt", "ihk_adviser"),
        Scenario("recognition_applied", "ihk_adviser", refusal="wrong_state"),
    ),
    "recognition_decide": (
        Scenario("recognition_receipt", "ihk_adviser", {"outcome": "full"}),
        Scenario("recognition_receipt", "company_hr", {"outcome": "full"}, refusal="not_your_step"),
    ),
    "recognition_pass_on": (
        Scenario(
            "recognition_evidence",
            "zentralstelle_caseworker",
            {"about": "seq:recognition.evidence_requested"},
        ),
        Scenario(
            "recognition_evidence",
            "company_hr",
            {"about": "seq:recognition.evidence_requested"},
            refusal="not_your_step",
        ),
    ),
    "consent_ask_information": (
        Scenario("ip_consent_requested", "aa_caseworker", {"text": "Arbeitszeiten?"}),
        Scenario(
            "ip_consent_requested",
            "zentralstelle_caseworker",
            {"text": "x"},
            refusal="not_your_step",
        ),
    ),
    "consent_confirm_deemed": (
        Scenario("consent_week_expired", "zentralstelle_caseworker", {"no_answer_elsewhere": True}),
        Scenario(
            "ip_consent_requested",
            "zentralstelle_caseworker",
            {"no_answer_elsewhere": True},
            refusal="consent_week_running",
        ),
    ),
    "preapproval_issue": (
        Scenario("ready", "zentralstelle_caseworker", {"person": "worker"}),
        Scenario(
            "in_procedure",
            "zentralstelle_caseworker",
            {"person": "worker"},
            refusal="preapproval_not_ready",
        ),
    ),
    "visa_request_appointment": (
        Scenario("completed", "company_hr", {"person": "worker"}),
        Scenario(
            "completed", "zentralstelle_caseworker", {"person": "worker"}, refusal="not_your_step"
        ),
    ),
    "visa_book_appointment": (
        Scenario("visa_requested", "company_hr", {"person": "worker", "date": "2026-11-20"}),
        Scenario("completed", "company_hr", {"person": "worker"}, refusal="wrong_state"),
    ),
    "visa_apply": (
        Scenario("visa_booked", "company_hr", {"person": "worker"}),
        Scenario("visa_requested", "company_hr", {"person": "worker"}, refusal="wrong_state"),
    ),
    "visa_issue": (
        Scenario("visa_applied", "company_hr", {"person": "worker"}),
        Scenario("visa_booked", "company_hr", {"person": "worker"}, refusal="wrong_state"),
    ),
    "visa_refuse": (
        Scenario("visa_applied", "zentralstelle_caseworker", {"person": "worker", "text": "§ 5"}),
        Scenario("visa_applied", "aa_caseworker", {"person": "worker"}, refusal="not_your_step"),
    ),
    "entry_report": (
        Scenario("visa_issued", "company_hr", {"person": "worker", "date": "2026-11-25"}),
        Scenario("visa_applied", "company_hr", {"person": "worker"}, refusal="wrong_state"),
    ),
    "residence_permit_apply": (
        Scenario("entered", "company_hr", {"person": "worker", "date": "2026-12-01"}),
        Scenario("visa_issued", "company_hr", {"person": "worker"}, refusal="wrong_state"),
    ),
    "residence_permit_issue": (
        Scenario("permit_applied", "company_hr", {"person": "worker"}),
        Scenario(
            "permit_applied",
            "zentralstelle_caseworker",
            {"person": "worker"},
            refusal="not_your_step",
        ),
    ),
    "employment_report_end": (
        Scenario("completed", "company_hr", {"date": "2026-10-30"}),
        Scenario("in_procedure", "company_hr", {"date": "2026-10-30"}, refusal="wrong_state"),
    ),
    "family_join": (
        Scenario("completed", "company_hr", SPOUSE),
        Scenario("in_procedure", "zentralstelle_caseworker", SPOUSE, refusal="not_your_step"),
    ),
    "counselling_refer": (
        Scenario(
            "completed",
            "company_hr",
            {"member": "first", "service": "agency", "consent": True},
            family=True,
        ),
        Scenario(
            "completed",
            "zentralstelle_caseworker",
            {"member": "first", "service": "agency", "consent": True},
            family=True,
            refusal="not_your_step",
        ),
    ),
    "procedure_refuse": (
        Scenario("in_procedure", "zentralstelle_caseworker", {"text": "Zustimmung versagt"}),
        Scenario("in_procedure", "company_hr", {"text": "x"}, refusal="not_your_step"),
    ),
    "message_send": (
        Scenario(
            "in_procedure",
            "zentralstelle_caseworker",
            {"to": "mueller-technik", "subject": "Termin", "text": "Bitte melden"},
        ),
        Scenario(
            "refused",
            "company_hr",
            {"to": "lab-ni-zentralstelle", "subject": "Frage", "text": "Warum?"},
            refusal="wrong_state",
        ),
    ),
}


def test_every_step_has_a_scenario():
    assert set(SCENARIOS) == set(STEPS)


def _input(scenario: Scenario, case: Case) -> dict:
    data = {}
    for name, value in scenario.data.items():
        if value == "first":
            value = str(case.family.get().pk)
        elif isinstance(value, str) and value.startswith("doc:"):
            value = str(_upload(case, "company_hr", value[4:]).pk)
        elif isinstance(value, str) and value.startswith("lastdoc:"):
            value = str(case.documents.filter(kind=value[8:], replaced_by__isnull=True).get().pk)
        elif isinstance(value, str) and value.startswith("seq:"):
            value = case.events.filter(type=value[4:]).order_by("-seq").first().seq
        if value == "link":
            value = str(case.upload_links.get().pk)
        if value == "possible":
            value = case_checklist(case=case).possible[-1]
        if value == "pdf":
            value = SimpleUploadedFile("pass.pdf", files.pdf(), content_type="application/pdf")
        data[name] = value() if callable(value) else value
    return data | {"version": case_version(case=case)}


def _on_page(client, key: str, case: Case, data: dict) -> tuple[str, list[str]]:
    response = client.post(reverse(f"cases:{key}", args=[case.pk]), data)
    assert response.status_code == 302, (key, response.status_code)
    found = [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]
    assert len(found) == 1, found
    return found[0]


def _by_api(client, key: str, case: Case, data: dict):
    url = f"/api/v1/cases/{case.pk}/{STEPS[key].slug}"
    if STEPS[key].files:  # a multipart body: the fields and the file
        return client.post(url, data)
    return client.post(url, json.dumps(data), content_type="application/json")


def _log(case: Case) -> list[str]:
    return list(Case.objects.get(pk=case.pk).events.values_list("type", flat=True))


@pytest.mark.parametrize("key", sorted(SCENARIOS))
def test_a_refused_step_is_refused_alike_on_page_and_api(key, client, db):
    scenario = SCENARIOS[key][1]
    actor = cast_membership(scenario.member)
    client.force_login(actor.user)
    with clock.travel_to(scenario.on):
        case = make_case(scenario.stage, on=scenario.on, family=scenario.family)
        decision = STEPS[key].guard(case=case, actor=actor)
        assert decision.code == scenario.refusal
        before = (_log(case), case.state)
        level, message = _on_page(client, key, case, _input(scenario, case))
        response = _by_api(client, key, case, _input(scenario, case))
    assert (level, message) == ("error", DomainError(decision.code, **decision.details).message)
    assert response.json()["code"] == scenario.refusal
    assert response.status_code == (403 if scenario.refusal == "not_your_step" else 409)
    assert (_log(case), Case.objects.get(pk=case.pk).state) == before


@pytest.mark.parametrize("key", sorted(SCENARIOS))
def test_an_allowed_step_does_the_same_on_page_and_api(key, client, db):
    scenario = SCENARIOS[key][0]
    actor = cast_membership(scenario.member)
    client.force_login(actor.user)
    with clock.travel_to(scenario.on):
        on_page = make_case(scenario.stage, on=scenario.on, family=scenario.family)
        by_api = make_case(scenario.stage, on=scenario.on, family=scenario.family)
        assert STEPS[key].guard(case=on_page, actor=actor)
        before = _log(on_page)
        level, message = _on_page(client, key, on_page, _input(scenario, on_page))
        response = _by_api(client, key, by_api, _input(scenario, by_api))
    assert level == "success", message
    assert response.status_code == (201 if key == "precheck" else 200), response.content
    if key != "precheck":  # the pre-check answers with its result
        assert response.json()["message"] == message
        assert response.json()["case"]["version"] == case_version(case=by_api)
    page_log, api_log = _log(on_page), _log(by_api)
    assert len(page_log) > len(before) and page_log == api_log
    assert Case.objects.get(pk=on_page.pk).state == Case.objects.get(pk=by_api.pk).state
    participants = [
        set(Case.objects.get(pk=case.pk).participants.values_list("organisation__key", "role"))
        for case in (on_page, by_api)
    ]
    assert participants[0] == participants[1]


@pytest.mark.parametrize(
    ("member", "last_name"),
    [
        ("company_hr", "Raman"),
        ("ihk_lead", "Raman"),
        ("company_hr", "Jovanović"),
        ("zentralstelle_caseworker", "El Amrani"),
        ("zentralstelle_caseworker", "Mendoza"),
        ("welcome_adviser", "Raman"),
        ("aa_caseworker", "Kaya"),
    ],
)
def test_the_api_offers_the_steps_the_case_page_shows(member, last_name, login, story):
    """`allowed_steps` of the API's case and the step forms of the page come from one question."""
    case = story(last_name)
    client = login(member)
    response = client.get(f"/api/v1/cases/{case.pk}")
    page = client.get(reverse("cases:detail", args=[case.pk]))
    shown = {key for key, view in page.context["steps"].items() if view}
    assert set(response.json()["allowed_steps"]) == shown and shown
