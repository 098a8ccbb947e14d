"""The documents on the case: the page and the API, need to know per document kind, the return
with the checklist's gaps, the stale pre-check and the forward guard with its override."""

from __future__ import annotations

import json

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from lotse.cases import services as case_services
from lotse.cases.dossier import MISSING, STALE, case_precheck_standing
from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.cases.guards import case_can_forward, case_can_request_forwarding
from lotse.cases.models import Case, CaseEvent
from lotse.cases.prechecks import case_run_precheck
from lotse.cases.selectors import case_version
from lotse.cases.services import participant_add
from lotse.cases.states import CaseState
from lotse.core.errors import DomainError
from lotse.documents.checklist import case_checklist
from lotse.documents.links import link_send, link_token
from lotse.documents.models import Document
from lotse.documents.services import document_upload
from lotse.documents.tests import files
from lotse.forwarding.services import case_forward
from lotse.orgs.models import Organisation

SPOUSE = {"relation": "spouse", "first_name": "Ana", "last_name": "Petrović"}


def pdf(name="doc.pdf"):
    return SimpleUploadedFile(name, files.pdf(), "application/pdf")


def add(case, actor, kind, language="de", **links):
    return document_upload(
        case=case, actor=actor, kind=kind, language=language, upload=pdf(f"{kind}.pdf"), **links
    )


@pytest.fixture
def submitted(cast, case):
    chamber = Organisation.objects.get(key="ihk-hannover")
    case_services.case_submit(case=case, actor=cast("company_hr"), chamber=chamber)
    return Case.objects.get(pk=case.pk)


def complete(case, actor):
    """Every mandatory document of the target title, in German (no translation needed)."""
    for row in case_checklist(case=case).rows:
        add(case, actor, row.kind)


# --- the case page and the API ------------------------------------------------------------------


@pytest.mark.parametrize("member", ["company_hr", "ihk_adviser"])
def test_company_and_adviser_see_the_live_checklist_and_add_a_document_on_the_page(
    member, login, submitted
):
    client = login(member)
    page = client.get(reverse("cases:detail", args=[submitted.pk]))
    body = page.content.decode()
    assert 'id="documents"' in body and 'href="?step=upload_document#' in body
    page = client.get(reverse("cases:detail", args=[submitted.pk]), {"step": "upload_document"})
    body = page.content.decode()
    assert '<details class="kern-accordion case-section" id="documents" open>' in body
    assert 'enctype="multipart/form-data" id="step-upload_document"' in body
    first = case_checklist(case=submitted).rows[0]
    response = client.post(
        reverse("cases:upload_document", args=[submitted.pk]),
        {
            "kind": first.kind,
            "language": "de",
            "version": case_version(case=submitted),
            "file": pdf(),
        },
    )
    assert response.status_code == 302
    [message] = [m.message for m in get_messages(response.wsgi_request)]
    assert "version 1" in message.lower()
    assert case_checklist(case=Case.objects.get(pk=submitted.pk)).rows[0].present


def test_a_refused_file_on_the_page_says_why_and_stores_nothing(login, submitted):
    client = login("company_hr")
    response = client.post(
        reverse("cases:upload_document", args=[submitted.pk]),
        {
            "kind": "passport",
            "language": "de",
            "version": case_version(case=submitted),
            # a PNG declared as a PDF: sniffing names what it really is
            "file": SimpleUploadedFile("pass.pdf", files.png(), "application/pdf"),
        },
    )
    assert response.status_code == 302
    [message] = [m.message for m in get_messages(response.wsgi_request)]
    assert "PNG" in message
    assert not Document.objects.filter(case=submitted).exists()
    assert not CaseEvent.objects.filter(case=submitted, type=EventType.DOCUMENT_UPLOADED).exists()


def test_the_api_adds_a_document_from_a_multipart_body_and_lists_the_checklist(login, submitted):
    client = login("company_hr")
    url = f"/api/v1/cases/{submitted.pk}/upload-document"
    data = {"kind": "passport", "language": "en", "version": case_version(case=submitted)}
    response = client.post(url, data | {"file": pdf()})
    assert response.status_code == 200, response.content
    listed = client.get(f"/api/v1/cases/{submitted.pk}/documents").json()
    assert [d["kind"] for d in listed["documents"]] == ["passport"]
    assert listed["precheck"] == MISSING
    assert listed["target_title"] == case_checklist(case=submitted).target
    assert {g["kind"] for g in listed["gaps"]} == {
        g["kind"] for g in case_checklist(case=submitted).gaps
    }


def test_the_api_refuses_a_missing_file_naming_the_field(login, submitted):
    client = login("company_hr")
    url = f"/api/v1/cases/{submitted.pk}/upload-document"
    data = {"kind": "passport", "language": "en", "version": case_version(case=submitted)}
    response = client.post(url, data)
    assert response.status_code == 422
    assert "file" in response.json()["fields"]


def test_need_to_know_applies_per_document_kind(cast, login, submitted):
    company = cast("company_hr")
    spouse = case_services.family_member_add
    Case.objects.filter(pk=submitted.pk).update(state=CaseState.DRAFT)
    draft = Case.objects.get(pk=submitted.pk)
    member = spouse(case=draft, actor=company, data=SPOUSE | {"birth_date": "1995-02-03"})
    Case.objects.filter(pk=submitted.pk).update(state=CaseState.SUBMITTED)
    add(submitted, company, "passport")
    add(submitted, company, "qualification_certificate")
    add(submitted, company, "employment_contract")
    add(submitted, company, "family_passport", family_member=member)
    for key, role in (("aa-hannover", "employment_agency"), ("welcome-center", "contact")):
        participant_add(
            case=submitted,
            actor=company,
            organisation=Organisation.objects.get(key=key),
            role=role,
        )

    def kinds(member_key):
        client = login(member_key)
        return {
            d["kind"]
            for d in client.get(f"/api/v1/cases/{submitted.pk}/documents").json()["documents"]
        }

    assert kinds("ihk_adviser") == {
        "passport",
        "qualification_certificate",
        "employment_contract",
        "family_passport",
    }
    # the agency decides on the employment (§ 39 AufenthG): contract and qualification only
    assert kinds("aa_caseworker") == {"qualification_certificate", "employment_contract"}
    # the Welcome Center helps the family arrive: the family's documents only
    assert kinds("welcome_adviser") == {"family_passport"}


# --- return for completion with the gaps ----------------------------------------------------------


def test_the_return_carries_the_gaps_and_the_company_and_the_link_see_them(
    cast, client, login, submitted
):
    gaps = case_checklist(case=submitted).gaps
    assert gaps
    case_services.case_return(
        case=submitted, actor=cast("ihk_adviser"), missing="Arbeitsvertrag ergänzen"
    )
    event = CaseEvent.objects.filter(case=submitted, type=EventType.CASE_RETURNED).get()
    assert event.payload["gaps"] == gaps
    page = login("company_hr").get(reverse("cases:detail", args=[submitted.pk]))
    body = page.content.decode()
    assert "Arbeitsvertrag ergänzen" in body
    first_label = case_checklist(case=submitted).rows[0].label
    assert first_label in body
    link = link_send(case=submitted, actor=cast("company_hr"), email="worker@example.org")
    client.logout()
    on_link = client.get(reverse("documents:link", args=[link_token(link)]))
    assert "Arbeitsvertrag ergänzen" in on_link.content.decode()
    assert first_label in on_link.content.decode()


def test_an_old_return_without_gaps_still_renders(cast, login, submitted):
    event = CaseEvent.objects.create  # noqa: F841  (kept: the log is append-only)
    case_services.case_return(case=submitted, actor=cast("ihk_adviser"), missing="Vertrag")
    returned = CaseEvent.objects.filter(case=submitted, type=EventType.CASE_RETURNED).get()
    payload = dict(returned.payload)
    payload.pop("gaps")
    CaseEvent.objects.filter(pk=returned.pk).update(payload=payload)  # as an event of before
    page = login("company_hr").get(reverse("cases:detail", args=[submitted.pk]))
    assert page.status_code == 200
    assert "Vertrag" in page.content.decode()


def test_company_and_worker_answer_the_return(cast, client, login, submitted):
    case_services.case_return(case=submitted, actor=cast("ihk_adviser"), missing="Vertrag")
    returned = Case.objects.get(pk=submitted.pk)
    case_services.case_answer_return(
        case=returned, actor=cast("company_hr"), text="Folgt per Link."
    )
    link = link_send(case=returned, actor=cast("company_hr"), email="worker@example.org")
    response = client.post(
        reverse("documents:link", args=[link_token(link)]),
        {"answer": "1", "text": "I send the contract tomorrow."},
    )
    assert response.status_code == 302
    answers = CaseEvent.objects.filter(case=submitted, type=EventType.RETURN_ANSWERED)
    assert answers.count() == 2
    by_link = answers.order_by("seq").last()
    assert by_link.user_id is None and by_link.payload["link"] == str(link.pk)
    with pytest.raises(DomainError) as caught:
        case_services.case_answer_return(case=submitted, actor=cast("ihk_adviser"), text="x")
    assert caught.value.code == CaseError.NOT_YOUR_STEP


def test_resubmission_reruns_the_chambers_precheck(cast, submitted):
    case_run_precheck(case=submitted, actor=cast("ihk_adviser"))
    case_services.case_return(case=submitted, actor=cast("ihk_adviser"), missing="Vertrag")
    add(submitted, cast("company_hr"), "passport")
    assert case_precheck_standing(submitted) == STALE
    chamber = Organisation.objects.get(key="ihk-hannover")
    case_services.case_submit(
        case=Case.objects.get(pk=submitted.pk), actor=cast("company_hr"), chamber=chamber
    )
    runs = CaseEvent.objects.filter(case=submitted, type=EventType.PRECHECK_RUN).order_by("seq")
    assert runs.count() == 2 and runs.last().user_id is None
    assert case_precheck_standing(submitted) == "current"


def test_the_chambers_result_is_marked_stale_when_facts_or_documents_change(cast, login, submitted):
    assert case_precheck_standing(submitted) == MISSING
    case_run_precheck(case=submitted, actor=cast("ihk_adviser"))
    assert case_precheck_standing(submitted) == "current"
    add(submitted, cast("company_hr"), "passport")
    assert case_precheck_standing(submitted) == STALE
    page = login("ihk_adviser").get(reverse("cases:detail", args=[submitted.pk]))
    assert "predates" in page.content.decode() or "Änderungen" in page.content.decode()


# --- the forward guard ----------------------------------------------------------------------------


def test_forwarding_is_refused_naming_the_gaps_and_a_stale_precheck(cast, login, submitted):
    adviser = cast("ihk_adviser")
    decision = case_can_forward(case=submitted, actor=adviser, reason="")
    assert decision.code == CaseError.DOSSIER_NOT_READY
    assert "precheck_missing" in decision.details["missing"]
    gap = case_checklist(case=submitted).gaps[0]
    assert f"document:{gap['kind']}" in decision.details["missing"]
    client = login("ihk_adviser")
    response = client.post(
        f"/api/v1/cases/{submitted.pk}/forward",
        json.dumps({"version": case_version(case=submitted)}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "dossier_not_ready"
    assert response.json()["fields"]["missing"] == decision.details["missing"]
    with translation.override("en"):
        assert (
            case_checklist(case=submitted).rows[0].label
            in DomainError(
                decision.code, **case_can_forward(case=submitted, actor=adviser, reason="").details
            ).message
        )
    assert Case.objects.get(pk=submitted.pk).state == CaseState.SUBMITTED


def test_a_current_complete_dossier_is_forwarded_without_a_reason(cast, submitted):
    complete(submitted, cast("company_hr"))
    case_run_precheck(case=submitted, actor=cast("ihk_adviser"))
    assert case_can_forward(case=submitted, actor=cast("ihk_adviser"), reason="")
    case = case_forward(case=submitted, actor=cast("ihk_adviser"))
    assert case.state == CaseState.FORWARDED
    event = CaseEvent.objects.get(case=submitted, type=EventType.DOSSIER_FORWARDED)
    assert "override_reason" not in event.payload


def test_the_adviser_forwards_nevertheless_with_a_reason_recorded(cast, login, submitted):
    client = login("ihk_adviser")
    response = client.post(
        reverse("cases:forward", args=[submitted.pk]),
        {"version": case_version(case=submitted), "text": "Original liegt in Papierform vor."},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=submitted.pk).state == CaseState.FORWARDED
    event = CaseEvent.objects.get(case=submitted, type=EventType.DOSSIER_FORWARDED)
    [opened] = __import__("lotse.cases.personal", fromlist=["events_open"]).events_open([event])
    assert opened.data["override_reason"] == "Original liegt in Papierform vor."
    assert "precheck_missing" in opened.data["gaps"]


# --- asking for forwarding, the authority to apply to directly -----------------------------------


def test_the_company_asks_for_forwarding_only_after_a_return_or_advice(cast, submitted):
    company = cast("company_hr")
    assert case_can_request_forwarding(case=submitted, actor=company).code == (
        CaseError.NOTHING_TO_OVERRULE
    )
    case_services.case_return(case=submitted, actor=cast("ihk_adviser"), missing="Vertrag")
    returned = Case.objects.get(pk=submitted.pk)
    assert case_can_request_forwarding(case=returned, actor=company)
    case_services.case_request_forwarding(case=returned, actor=company, note="Bitte so")
    assert Case.objects.get(pk=submitted.pk).state == CaseState.SUBMITTED  # back at the chamber
    again = Case.objects.get(pk=submitted.pk)
    assert not case_can_request_forwarding(case=again, actor=company)
    case_services.case_advise_no_prospect(case=again, actor=cast("ihk_adviser"), reasons="§ 18a")
    assert case_can_request_forwarding(case=Case.objects.get(pk=submitted.pk), actor=company)


def test_the_case_page_names_the_authority_the_company_may_apply_to_directly(login, submitted):
    body = login("company_hr").get(reverse("cases:detail", args=[submitted.pk])).content.decode()
    assert "direct-authority" in body
    assert "§ 81a Abs. 1 AufenthG" in body
    adviser = login("ihk_adviser").get(reverse("cases:detail", args=[submitted.pk]))
    assert "direct-authority" not in adviser.content.decode()


# --- the link page: family members' documents ------------------------------------------------------


def test_the_link_page_takes_a_family_members_document(cast, client, case):
    company = cast("company_hr")
    member = case_services.family_member_add(
        case=case, actor=company, data=SPOUSE | {"birth_date": "1995-02-03"}
    )
    link = link_send(case=case, actor=company, email="worker@example.org")
    url = reverse("documents:link", args=[link_token(link)])
    page = client.get(url)
    assert "family_member" in page.content.decode()
    response = client.post(
        url,
        {
            "kind": "family_passport",
            "family_member": str(member.pk),
            "language": "sr" if False else "other",
            "file": pdf(),
        },
    )
    assert response.status_code == 302
    stored = Document.objects.get(case=case)
    assert stored.family_member_id == member.pk and stored.uploaded_via_id == link.pk
    # a family document without the member is refused, naming the field
    response = client.post(url, {"kind": "family_passport", "language": "other", "file": pdf()})
    assert response.status_code == 400
    assert Document.objects.filter(case=case).count() == 1


# --- the orphan-file sweep -------------------------------------------------------------------------


def test_the_sweep_removes_old_files_without_a_row_and_keeps_the_rest(cast, case, media):
    import datetime
    import os

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from lotse.core import clock
    from lotse.documents.jobs import orphan_files_sweep
    from lotse.documents.tests.conftest import stored_files

    kept = add(case, cast("company_hr"), "passport")
    orphan = default_storage.save(f"documents/{case.pk}/orphan.pdf", ContentFile(files.pdf()))
    fresh = default_storage.save(f"documents/{case.pk}/in-flight.pdf", ContentFile(files.pdf()))
    old = (clock.now() - datetime.timedelta(hours=25)).timestamp()
    for name in (orphan, kept.storage_name):
        os.utime(media / name, (old, old))
    assert orphan_files_sweep() == 1
    assert sorted(stored_files(media)) == sorted([kept.storage_name, fresh])
    assert orphan_files_sweep() == 0  # idempotent
    later = clock.now() + datetime.timedelta(hours=25)
    assert orphan_files_sweep(now=later) == 1  # the in-flight file, once past the grace period
    assert stored_files(media) == [kept.storage_name]


def test_the_adviser_sees_on_the_forward_form_what_is_not_ready(login, submitted):
    page = login("ihk_adviser").get(
        reverse("cases:detail", args=[submitted.pk]), {"step": "forward"}
    )
    form = page.context["steps"]["forward"].form
    assert form.fields["text"].required
    help_text = str(form.fields["text"].help_text)
    assert help_text.startswith("Nicht bereit:")  # the page's language (German)
    assert "Vorprüfung der Kammer" in help_text
    with translation.override("de"):
        assert case_checklist(case=submitted).rows[0].label in help_text
