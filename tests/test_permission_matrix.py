"""The permission matrix: every URL pattern and API operation has a row here (the test fails when
one is added without one), and every cast member meets a case of another organisation on each:
not listed, not readable (404), not writable (404, and nothing is stored)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lotse.api.api import api
from lotse.cases.models import Case, CaseEvent

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
    "orgs:person_deactivate": ("POST", "page"),
    "orgs:person_devices_reset": ("POST", "page"),
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
    "cases:preapproval_issue": ("POST", "case"),
    "cases:visa_request_appointment": ("POST", "case"),
    "cases:visa_book_appointment": ("POST", "case"),
    "cases:visa_apply": ("POST", "case"),
    "cases:visa_issue": ("POST", "case"),
    "cases:visa_refuse": ("POST", "case"),
    "cases:entry_report": ("POST", "case"),
    "cases:employment_report_end": ("POST", "case"),
    "cases:procedure_refuse": ("POST", "case"),
    "cases:message_send": ("POST", "case"),
    "cases:family_join": ("POST", "case"),
    # the worker's upload link: no account; the signed token is the permission (documents/links.py)
    "documents:link": ("GET", "public"),
    "admin_erasure": ("GET", "admin"),
}
API = {
    ("GET", "/api/v1/cases"): "list",
    ("POST", "/api/v1/cases"): "page",
    ("GET", "/api/v1/cases/{case_id}"): "case",
    ("PATCH", "/api/v1/cases/{case_id}"): "case",
    ("GET", "/api/v1/cases/{case_id}/events"): "case",
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
    ("POST", "/api/v1/cases/{case_id}/preapproval-issue"): "case",
    ("POST", "/api/v1/cases/{case_id}/visa-request-appointment"): "case",
    ("POST", "/api/v1/cases/{case_id}/visa-book-appointment"): "case",
    ("POST", "/api/v1/cases/{case_id}/visa-apply"): "case",
    ("POST", "/api/v1/cases/{case_id}/visa-issue"): "case",
    ("POST", "/api/v1/cases/{case_id}/visa-refuse"): "case",
    ("POST", "/api/v1/cases/{case_id}/entry-report"): "case",
    ("POST", "/api/v1/cases/{case_id}/employment-report-end"): "case",
    ("POST", "/api/v1/cases/{case_id}/procedure-refuse"): "case",
    ("POST", "/api/v1/cases/{case_id}/message-send"): "case",
    ("POST", "/api/v1/cases/{case_id}/family-join"): "case",
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
    (
        "POST",
        "/api/v1/cases/{case_id}/employment-report-end",
    ): '{"date": "2026-01-01", "version": 1}',
    ("POST", "/api/v1/cases/{case_id}/procedure-refuse"): '{"text": "x", "version": 1}',
    (
        "POST",
        "/api/v1/cases/{case_id}/message-send",
    ): '{"to": "ihk-hannover", "subject": "x", "text": "x", "version": 1}',
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
        elif kind == "case":
            url = _url(name, case)
        elif name in (
            "orgs:person_role",
            "orgs:person_deactivate",
            "orgs:person_devices_reset",
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
