"""The permission matrix: every URL pattern and API operation has a row here (the test fails when
one is added without one), and every cast member meets a case of another organisation on each:
not listed, not readable (404), not writable (404, and nothing is stored)."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from lotse.api.api import api
from lotse.cases.models import Case, CaseEvent
from lotse.documents.tests import files

# name → (method, kind). kind: "case" takes a case id; "public" needs no login; "page" is a page
# of the logged-in user's own; "admin" is the platform administration (staff only).
PAGES = {
    "home": ("GET", "page"),
    "language": ("POST", "public"),
    "ping": ("GET", "page"),
    "accounts:login": ("GET", "public"),
    "accounts:logout": ("POST", "page"),
    "accounts:otp_setup": ("GET", "page"),
    "accounts:otp_verify": ("GET", "page"),
    "accounts:password_reset": ("GET", "public"),
    "accounts:password_reset_done": ("GET", "public"),
    "accounts:password_reset_confirm": ("GET", "public"),
    "accounts:password_reset_complete": ("GET", "public"),
    "orgs:switch": ("POST", "page"),
    "orgs:people": ("GET", "page"),
    "orgs:municipality_choice": ("GET", "page"),
    "orgs:person_role": ("POST", "page"),
    "orgs:person_unit": ("POST", "page"),
    "orgs:person_deactivate": ("POST", "page"),
    "orgs:person_devices_reset": ("POST", "page"),
    "orgs:api_key_new": ("POST", "page"),
    "orgs:api_key_end": ("POST", "page"),
    "cases:list": ("GET", "page"),
    "inbox:list": ("GET", "page"),
    "inbox:thread": ("GET", "page"),
    "cases:new": ("GET", "page"),
    "cases:failed_mails": ("GET", "page"),
    "cases:platform_export": ("GET", "page"),
    "cases:export": ("GET", "case"),
    "cases:detail": ("GET", "case"),
    "cases:edit": ("GET", "case"),
    "cases:intake": ("GET", "case"),
    "cases:submit": ("POST", "case"),
    "cases:withdraw": ("POST", "case"),
    "cases:return": ("POST", "case"),
    "cases:no_prospect": ("POST", "case"),
    "cases:request_forwarding": ("POST", "case"),
    "cases:choose_authority": ("POST", "case"),
    "cases:request_consent": ("POST", "case"),
    "cases:decide_consent": ("POST", "case"),
    "cases:assign_contact": ("POST", "case"),
    "cases:involve_partner": ("POST", "case"),
    "cases:precheck": ("POST", "case"),
    "cases:family_add": ("POST", "case"),
    "cases:family_remove": ("POST", "case"),
    "cases:forward": ("POST", "case"),
    "cases:agreement_draft": ("POST", "case"),
    "cases:agreement_sign": ("POST", "case"),
    "cases:agreement_conclude": ("POST", "case"),
    "cases:recognition_apply": ("POST", "case"),
    "cases:recognition_confirm_receipt": ("POST", "case"),
    "cases:recognition_request_evidence": ("POST", "case"),
    "cases:recognition_receive_documents": ("POST", "case"),
    "cases:recognition_extend": ("POST", "case"),
    "cases:recognition_decide": ("POST", "case"),
    "cases:recognition_pass_on": ("POST", "case"),
    "cases:consent_ask_information": ("POST", "case"),
    "cases:consent_confirm_deemed": ("POST", "case"),
    "cases:preapproval_issue": ("POST", "case"),
    "cases:visa_request_appointment": ("POST", "case"),
    "cases:visa_book_appointment": ("POST", "case"),
    "cases:visa_apply": ("POST", "case"),
    "cases:visa_issue": ("POST", "case"),
    "cases:visa_refuse": ("POST", "case"),
    "cases:entry_report": ("POST", "case"),
    "cases:residence_permit_apply": ("POST", "case"),
    "cases:residence_permit_issue": ("POST", "case"),
    "cases:employment_report_end": ("POST", "case"),
    "cases:procedure_refuse": ("POST", "case"),
    "cases:message_send": ("POST", "case"),
    "cases:family_join": ("POST", "case"),
    "cases:counselling_refer": ("POST", "case"),
    "cases:answer_return": ("POST", "case"),
    "cases:upload_document": ("POST", "case"),
    "cases:send_upload_link": ("POST", "case"),
    "cases:revoke_upload_link": ("POST", "case"),
    "cases:choose_target_title": ("POST", "case"),
    "cases:accept_dossier": ("POST", "case"),
    "cases:reject_dossier": ("POST", "case"),
    "forwarding:inbox": ("GET", "page"),
    "forwarding:dossier": ("GET", "case"),
    "forwarding:submission_dossier": ("GET", "case"),
    # the worker's upload link: no account; the signed token is the permission (documents/links.py)
    "documents:link": ("GET", "public"),
    # a document's file (the procedure's letters among them): need to know per document kind
    "document_file": ("GET", "case"),
    "admin_erasure": ("GET", "admin"),
    # statistics: counts only, read by scope (stats/access.py); the transparency page is public
    "stats:dashboard": ("GET", "page"),
    "stats:chart": ("GET", "page"),
    "stats:export": ("GET", "page"),
    "stats:report": ("GET", "page"),
    "stats:public": ("GET", "public"),
    # the Welcome Center's public offers (events, information) and the links mailed to people
    # who registered (the signed token is the permission: welcome/services.py)
    "welcome:events": ("GET", "public"),
    "welcome:event": ("GET", "public"),
    "welcome:registration_sent": ("GET", "public"),
    "welcome:confirm": ("GET", "public"),
    "welcome:cancel": ("GET", "public"),
    "welcome:pages": ("GET", "public"),
    "welcome:page": ("GET", "public"),
    "welcome:page_new": ("GET", "page"),
    "welcome:page_edit": ("GET", "page"),
    "welcome:manage": ("GET", "page"),
    "welcome:event_new": ("GET", "page"),
    "welcome:event_edit": ("GET", "page"),
    "welcome:event_cancel": ("POST", "page"),
    "welcome:attendees": ("GET", "page"),
    "welcome:attendees_csv": ("GET", "page"),
    "welcome:check_in": ("POST", "page"),
    "welcome:slots": ("GET", "page"),
    "welcome:slot_book": ("POST", "page"),
    "welcome:slot_cancel": ("POST", "page"),
    "welcome:slot_move": ("POST", "page"),
    # a company without an account asks for a first consultation (public; its mailed links carry
    # a signed token: welcome/guests.py); the slot's adviser decides on it
    "welcome:guest_slots": ("GET", "public"),
    "welcome:guest_book": ("GET", "public"),
    "welcome:guest_confirm": ("GET", "public"),
    "welcome:guest_cancel": ("GET", "public"),
    "welcome:guest_accept": ("POST", "page"),
    "welcome:guest_decline": ("POST", "page"),
    "welcome:desk": ("GET", "public"),
    # the service desk's link for an enquirer without an account (a signed token)
    "welcome:enquiry_link": ("GET", "public"),
    "welcome:enquiry": ("GET", "page"),
    "welcome:enquiry_hand_on": ("POST", "page"),
    "welcome:referrals": ("GET", "page"),
    "welcome:referral_answer": ("POST", "page"),
}
# Arguments of the Welcome Center's patterns (objects need not exist: the login comes first).
WELCOME_ARGS = {
    "event_id": uuid.uuid4(),
    "registration_id": uuid.uuid4(),
    "slot_id": uuid.uuid4(),
    "thread_id": uuid.uuid4(),
    "referral_id": uuid.uuid4(),
    "guest_id": uuid.uuid4(),
    "token": "not-a-token",
    "slug": "kosten",
}
API = {
    ("GET", "/api/v1/cases"): "list",
    ("POST", "/api/v1/cases"): "page",
    ("GET", "/api/v1/cases/{case_id}"): "case",
    ("PATCH", "/api/v1/cases/{case_id}"): "case",
    ("GET", "/api/v1/cases/{case_id}/events"): "case",
    ("GET", "/api/v1/cases/{case_id}/submissions"): "case",
    ("GET", "/api/v1/cases/{case_id}/submissions/{submission_id}/dossier"): "case",
    ("GET", "/api/v1/cases/{case_id}/export"): "case",
    ("POST", "/api/v1/precheck"): "page",
    ("POST", "/api/v1/cases/{case_id}/submit"): "case",
    ("POST", "/api/v1/cases/{case_id}/withdraw"): "case",
    ("POST", "/api/v1/cases/{case_id}/return"): "case",
    ("POST", "/api/v1/cases/{case_id}/no-prospect"): "case",
    ("POST", "/api/v1/cases/{case_id}/request-forwarding"): "case",
    ("POST", "/api/v1/cases/{case_id}/choose-authority"): "case",
    ("POST", "/api/v1/cases/{case_id}/request-consent"): "case",
    ("POST", "/api/v1/cases/{case_id}/decide-consent"): "case",
    ("POST", "/api/v1/cases/{case_id}/assign-contact"): "case",
    ("POST", "/api/v1/cases/{case_id}/involve-partner"): "case",
    ("POST", "/api/v1/cases/{case_id}/precheck"): "case",
    ("POST", "/api/v1/cases/{case_id}/family-add"): "case",
    ("POST", "/api/v1/cases/{case_id}/family-remove"): "case",
    ("POST", "/api/v1/cases/{case_id}/forward"): "case",
    ("POST", "/api/v1/cases/{case_id}/agreement-draft"): "case",
    ("POST", "/api/v1/cases/{case_id}/agreement-sign"): "case",
    ("POST", "/api/v1/cases/{case_id}/agreement-conclude"): "case",
    ("POST", "/api/v1/cases/{case_id}/recognition-apply"): "case",
    ("POST", "/api/v1/cases/{case_id}/recognition-confirm-receipt"): "case",
    ("POST", "/api/v1/cases/{case_id}/recognition-request-evidence"): "case",
    ("POST", "/api/v1/cases/{case_id}/recognition-receive-documents"): "case",
    ("POST", "/api/v1/cases/{case_id}/recognition-extend"): "case",
    ("POST", "/api/v1/cases/{case_id}/recognition-decide"): "case",
    ("POST", "/api/v1/cases/{case_id}/recognition-pass-on"): "case",
    ("POST", "/api/v1/cases/{case_id}/consent-ask-information"): "case",
    ("POST", "/api/v1/cases/{case_id}/consent-confirm-deemed"): "case",
    ("POST", "/api/v1/cases/{case_id}/preapproval-issue"): "case",
    ("POST", "/api/v1/cases/{case_id}/visa-request-appointment"): "case",
    ("POST", "/api/v1/cases/{case_id}/visa-book-appointment"): "case",
    ("POST", "/api/v1/cases/{case_id}/visa-apply"): "case",
    ("POST", "/api/v1/cases/{case_id}/visa-issue"): "case",
    ("POST", "/api/v1/cases/{case_id}/visa-refuse"): "case",
    ("POST", "/api/v1/cases/{case_id}/entry-report"): "case",
    ("POST", "/api/v1/cases/{case_id}/counselling-refer"): "case",
    ("POST", "/api/v1/cases/{case_id}/residence-permit-apply"): "case",
    ("POST", "/api/v1/cases/{case_id}/residence-permit-issue"): "case",
    ("POST", "/api/v1/cases/{case_id}/employment-report-end"): "case",
    ("POST", "/api/v1/cases/{case_id}/procedure-refuse"): "case",
    ("POST", "/api/v1/cases/{case_id}/message-send"): "case",
    ("POST", "/api/v1/cases/{case_id}/family-join"): "case",
    ("POST", "/api/v1/cases/{case_id}/answer-return"): "case",
    ("POST", "/api/v1/cases/{case_id}/upload-document"): "case",
    ("POST", "/api/v1/cases/{case_id}/send-upload-link"): "case",
    ("POST", "/api/v1/cases/{case_id}/revoke-upload-link"): "case",
    ("POST", "/api/v1/cases/{case_id}/choose-target-title"): "case",
    ("GET", "/api/v1/cases/{case_id}/documents"): "case",
    ("POST", "/api/v1/cases/{case_id}/accept-dossier"): "case",
    ("POST", "/api/v1/cases/{case_id}/reject-dossier"): "case",
    # an organisation API key, no session (lotse/forwarding/tests/test_api.py: a revoked, foreign
    # or unscoped key is refused; a session alone gets 401)
    ("GET", "/api/v1/submissions"): "key",
    ("GET", "/api/v1/submissions/{submission_id}"): "key",
    ("GET", "/api/v1/submissions/{submission_id}/manifest"): "key",
    ("GET", "/api/v1/submissions/{submission_id}/documents/{document_id}"): "key",
    ("GET", "/api/v1/submissions/{submission_id}/dossier"): "key",
    ("POST", "/api/v1/submissions/{submission_id}/acknowledge"): "key",
}
# Well-formed bodies, so that the visibility check (not input validation) answers.
SOME_ID = "00000000-0000-4000-8000-000000000000"
VALID_BODIES = {
    ("PATCH", "/api/v1/cases/{case_id}"): '{"job_title": "Hacked"}',
    ("POST", "/api/v1/cases/{case_id}/submit"): '{"chamber": "ihk-hannover", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/withdraw"): '{"version": 1}',
    ("POST", "/api/v1/cases/{case_id}/return"): '{"text": "x", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/no-prospect"): '{"text": "x", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/request-forwarding"): '{"version": 1}',
    ("POST", "/api/v1/cases/{case_id}/choose-authority"): '{"choice": "local", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/request-consent"): '{"version": 1}',
    ("POST", "/api/v1/cases/{case_id}/decide-consent"): '{"decision": "given", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/assign-contact"): (
        f'{{"membership": "{SOME_ID}", "version": 1}}'
    ),
    ("POST", "/api/v1/cases/{case_id}/involve-partner"): (
        '{"organisation": "welcome-center", "confirm": true, "version": 1}'
    ),
    ("POST", "/api/v1/cases/{case_id}/precheck"): '{"version": 1}',
    ("POST", "/api/v1/cases/{case_id}/family-add"): (
        '{"relation": "spouse", "first_name": "A", "last_name": "B", "birth_date": "1990-01-01",'
        ' "version": 1}'
    ),
    ("POST", "/api/v1/cases/{case_id}/family-remove"): f'{{"member": "{SOME_ID}", "version": 1}}',
    ("POST", "/api/v1/cases/{case_id}/family-join"): (
        '{"relation": "spouse", "first_name": "A", "last_name": "B", "birth_date": "1990-01-01",'
        ' "version": 1}'
    ),
    ("POST", "/api/v1/cases/{case_id}/forward"): '{"version": 1}',
    ("POST", "/api/v1/cases/{case_id}/agreement-draft"): '{"version": 1}',
    ("POST", "/api/v1/cases/{case_id}/agreement-sign"): '{"version": 1}',
    (
        "POST",
        "/api/v1/cases/{case_id}/agreement-conclude",
    ): '{"fee_debtor": "worker", "version": 1}',
    (
        "POST",
        "/api/v1/cases/{case_id}/recognition-apply",
    ): '{"occupation": "ihk_occupation", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/recognition-confirm-receipt"): '{"version": 1}',
    ("POST", "/api/v1/cases/{case_id}/recognition-request-evidence"): '{"version": 1}',
    ("POST", "/api/v1/cases/{case_id}/recognition-receive-documents"): '{"version": 1}',
    ("POST", "/api/v1/cases/{case_id}/recognition-extend"): '{"version": 1}',
    ("POST", "/api/v1/cases/{case_id}/recognition-decide"): '{"outcome": "full", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/recognition-pass-on"): '{"about": 1, "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/consent-ask-information"): '{"text": "x", "version": 1}',
    (
        "POST",
        "/api/v1/cases/{case_id}/consent-confirm-deemed",
    ): '{"no_answer_elsewhere": true, "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/preapproval-issue"): '{"person": "worker", "version": 1}',
    (
        "POST",
        "/api/v1/cases/{case_id}/visa-request-appointment",
    ): '{"person": "worker", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/visa-book-appointment"): '{"person": "worker", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/visa-apply"): '{"person": "worker", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/visa-issue"): '{"person": "worker", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/visa-refuse"): '{"person": "worker", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/entry-report"): '{"person": "worker", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/counselling-refer"): (
        '{"member": "x", "service": "agency", "consent": true, "version": 1}'
    ),
    ("POST", "/api/v1/cases/{case_id}/residence-permit-apply"): (
        '{"person": "worker", "version": 1}'
    ),
    ("POST", "/api/v1/cases/{case_id}/residence-permit-issue"): (
        '{"person": "worker", "version": 1}'
    ),
    (
        "POST",
        "/api/v1/cases/{case_id}/employment-report-end",
    ): '{"date": "2026-01-01", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/procedure-refuse"): '{"text": "x", "version": 1}',
    (
        "POST",
        "/api/v1/cases/{case_id}/message-send",
    ): '{"to": "ihk-hannover", "subject": "x", "text": "x", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/answer-return"): '{"text": "x", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/send-upload-link"): (
        '{"email": "worker@example.org", "version": 1}'
    ),
    (
        "POST",
        "/api/v1/cases/{case_id}/revoke-upload-link",
    ): f'{{"link": "{SOME_ID}", "version": 1}}',
    ("POST", "/api/v1/cases/{case_id}/choose-target-title"): (
        '{"pathway": "skilled_vocational", "version": 1}'
    ),
    ("POST", "/api/v1/cases/{case_id}/accept-dossier"): '{"version": 1}',
    ("POST", "/api/v1/cases/{case_id}/reject-dossier"): '{"text": "x", "version": 1}',
}
# Steps that take a file: their body is multipart (the fields and the file).
MULTIPART_BODIES = {
    ("POST", "/api/v1/cases/{case_id}/upload-document"): lambda: {
        "kind": "passport",
        "language": "en",
        "version": "1",
        "file": SimpleUploadedFile("pass.pdf", files.pdf(), content_type="application/pdf"),
    },
}
MEMBERS = [
    "company_hr",
    "company_lead",
    "company_admin",
    "other_company_hr",
    "ihk_adviser",
    "ihk_lead",
    "hwk_adviser",
    "abh_city_caseworker",
    "abh_region_caseworker",
    "abh_lead",
    "zentralstelle_caseworker",
    "aa_caseworker",
    "jobcenter_employer_service",
    "welcome_adviser",
    "welcome_lead",
    "platform_admin",
]
# A case of another organisation, in which the member's organisation takes no part.
FOREIGN_CASE = {
    "company_hr": "Nguyễn",
    "company_lead": "El Amrani",
    "company_admin": "Nguyễn",
    "other_company_hr": "Kaya",
    "ihk_adviser": "Nguyễn",
    "ihk_lead": "El Amrani",
    "hwk_adviser": "Kaya",
    "abh_city_caseworker": "Nguyễn",
    "abh_region_caseworker": "Kaya",
    "abh_lead": "Mendoza",
    "zentralstelle_caseworker": "Kaya",
    "aa_caseworker": "Raman",
    "jobcenter_employer_service": "Kaya",
    "welcome_adviser": "Nguyễn",
    "welcome_lead": "Kaya",
    "platform_admin": "Kaya",
}


def _named_patterns(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            if entry.namespace in ("admin", "api"):
                yield f"{entry.namespace}:*"
                continue
            yield from _named_patterns(entry.url_patterns, prefix + namespace)
        elif isinstance(entry, URLPattern):
            yield prefix + (entry.name or f"<unnamed {entry.pattern}>")


def test_every_url_pattern_has_a_row():
    found = set(_named_patterns(get_resolver().url_patterns)) - {"admin:*", "api:*"}
    assert found == set(PAGES)


def test_every_api_operation_has_a_row():
    schema = api.get_openapi_schema()
    found = {
        (method.upper(), "/api/v1" + path.removeprefix("/api/v1"))
        for path, operations in schema["paths"].items()
        for method in operations
    }
    assert found == set(API)


def _url(name: str, case: Case) -> str:
    if name == "cases:intake":  # a step of the intake: the worker's page stands for all
        return reverse(name, args=[case.pk, "person"])
    if name == "document_file":  # the case decides first: any document id stands for all
        document = case.documents.first()
        return reverse(name, args=[case.pk, document.pk if document else uuid.uuid4()])
    if name == "forwarding:submission_dossier":  # any submission id: the case decides first
        return reverse(name, args=[case.pk, "00000000-0000-4000-8000-000000000000"])
    return reverse(name, args=[case.pk])


CASE_PAGES = sorted(name for name, (_m, kind) in PAGES.items() if kind == "case")
CASE_API = sorted(key for key, kind in API.items() if kind == "case")


@pytest.mark.parametrize("key", MEMBERS)
def test_foreign_case_is_neither_listed_readable_nor_writable(key, login, story):
    client = login(key)
    case = story(FOREIGN_CASE[key])
    events_before = CaseEvent.objects.filter(case=case).count()
    state_before = Case.objects.values_list("state", "updated_at").get(pk=case.pk)
    assert case.reference not in client.get(reverse("cases:list")).content.decode()
    assert case.reference not in client.get(reverse("cases:list") + "?mine=1").content.decode()
    assert case.reference not in {
        row["reference"] for row in client.get("/api/v1/cases").json()["items"]
    }
    for name in CASE_PAGES:
        method, _kind = PAGES[name]
        response = getattr(client, method.lower())(_url(name, case), {"text": "x", "chamber": "x"})
        assert response.status_code == 404, (name, response.status_code)
    for method, path in CASE_API:
        url = re.sub(r"\{case_id\}", str(case.pk), path)
        url = url.replace("{submission_id}", "00000000-0000-4000-8000-000000000000")
        if (method, path) in MULTIPART_BODIES:
            response = client.post(url, MULTIPART_BODIES[method, path]())
        else:
            body = VALID_BODIES.get((method, path), "{}")
            response = client.generic(method, url, body, content_type="application/json")
        assert response.status_code == 404, (method, path, response.status_code)
        assert response.json()["code"] == "not_found"
    assert CaseEvent.objects.filter(case=case).count() == events_before
    assert Case.objects.values_list("state", "updated_at").get(pk=case.pk) == state_before


@pytest.mark.parametrize("key", MEMBERS)
def test_foreign_case_mapping_really_is_foreign(key, cast, story):
    """Guard for the table above: the chosen case must be one the member cannot see."""
    from lotse.cases.visibility import visible_to

    assert not visible_to(cast(key).user).filter(pk=story(FOREIGN_CASE[key]).pk).exists()


def test_public_pages_are_exactly_the_marked_ones(client, db):
    """Deny by default: only the rows marked public answer without a login."""
    case = Case.objects.first()
    for name, (method, kind) in PAGES.items():
        if name == "accounts:password_reset_confirm":
            url = reverse(name, args=["MQ", "set-password"])
        elif name == "documents:link":
            url = reverse(name, args=["not-a-token"])
        elif name.startswith("welcome:"):
            url = _welcome_url(name)
        elif kind == "case":
            url = _url(name, case)
        elif name == "stats:chart":
            url = reverse(name, args=["course"])
        elif name == "stats:export":
            url = reverse(name, args=["course", "csv"])
        elif name in (
            "orgs:person_role",
            "orgs:person_unit",
            "orgs:person_deactivate",
            "orgs:person_devices_reset",
            "orgs:api_key_end",
            "inbox:thread",
        ):
            url = reverse(name, args=[case.pk])
        else:
            url = reverse(name)
        response = getattr(client, method.lower())(url)
        login_page = "/admin/login/" if kind == "admin" else "/accounts/login/"
        redirected_to_login = response.status_code == 302 and login_page in response["Location"]
        if kind == "public":
            assert not redirected_to_login, name
        else:
            assert redirected_to_login, name


def _welcome_url(name: str) -> str:
    for kwargs in (
        {},
        {"event_id": WELCOME_ARGS["event_id"]},
        {"event_id": WELCOME_ARGS["event_id"], "registration_id": WELCOME_ARGS["registration_id"]},
        {"slot_id": WELCOME_ARGS["slot_id"]},
        {"thread_id": WELCOME_ARGS["thread_id"]},
        {"referral_id": WELCOME_ARGS["referral_id"]},
        {"guest_id": WELCOME_ARGS["guest_id"]},
        {"token": WELCOME_ARGS["token"]},
        {"slug": WELCOME_ARGS["slug"]},
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    raise AssertionError(f"no arguments known for {name}")


def test_admin_is_for_platform_administrators_only(login, client, db):
    login("company_admin")
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.get(reverse("admin_erasure"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="admin@lotse.example"))
    index = client.get("/admin/").content.decode()
    assert "/admin/orgs/organisation/" in index
    assert reverse("admin_erasure") in index
    assert "/admin/cases/" not in index
    assert "/admin/django_tasks_database/" not in index


KEY_API = sorted(key for key, kind in API.items() if kind == "key")


@pytest.mark.parametrize("key", MEMBERS)
def test_a_session_is_no_api_key(key, login, story):
    """The submissions API answers only an organisation API key: every cast member's session,
    the authority's too, gets 401 and changes nothing."""
    client = login(key)
    case = story("El Amrani")
    submission = case.submissions.first()
    state_before = Case.objects.values_list("state", "updated_at").get(pk=case.pk)
    for method, path in KEY_API:
        url = path.replace("{submission_id}", str(submission.pk)).replace("{document_id}", SOME_ID)
        body = '{"outcome": "accepted"}' if method == "POST" else None
        response = client.generic(method, url, body or "", content_type="application/json")
        assert response.status_code == 401, (key, method, path, response.status_code)
        assert response.json()["code"] == "not_authenticated"
    assert Case.objects.values_list("state", "updated_at").get(pk=case.pk) == state_before


@pytest.mark.parametrize("key", MEMBERS)
def test_an_internal_message_is_read_by_its_two_organisations_only(key, login, cast):
    """A message between the authority and the Agentur für Arbeit: their people read it on the
    inbox page, everybody else (the company above all) finds no such thread."""
    from lotse.inbox.services import thread_start

    sender, addressee = cast("zentralstelle_caseworker"), cast("aa_caseworker")
    thread = thread_start(
        sender=sender,
        organisation=addressee.organisation,
        subject="Interne Abstimmung",
        text="nur intern",
    )
    client = login(key)
    own = getattr(cast(key), "organisation_id", None)  # the platform admin has none
    reader = own in (sender.organisation_id, addressee.organisation_id)
    response = client.get(reverse("inbox:thread", args=[thread.pk]))
    assert response.status_code == (200 if reader else 404)
    assert ("Interne Abstimmung" in client.get(reverse("inbox:list")).content.decode()) is reader
    assert ("nur intern" in response.content.decode()) is reader
