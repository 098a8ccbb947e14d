"""Organisation API keys and the API for the authority's own case system: keys made and revoked
on the people page (shown once, stored hashed, scoped, each use logged, rate-limited); list new
submissions, fetch the manifest and each file (streamed), acknowledge by submission id."""

import hashlib
import re

import pytest
from django.urls import reverse

from lotse.cases.event_types import EventType
from lotse.cases.models import Case
from lotse.cases.states import CaseState
from lotse.forwarding.models import Submission, SubmissionState
from lotse.forwarding.tests.conftest import forward, ready_case
from lotse.orgs.api_keys import api_key_create, api_key_revoke
from lotse.orgs.models import (
    ApiKey,
    ApiKeyUse,
    ApiScope,
    AuditAction,
    Membership,
    Organisation,
    OrgAuditEntry,
    Role,
)

pytestmark = pytest.mark.usefixtures("media", "db")
BOTH = [ApiScope.READ, ApiScope.ACKNOWLEDGE]


@pytest.fixture
def delivered(cast, django_capture_on_commit_callbacks):
    case = ready_case(cast)
    return forward(case, cast, deliver=True, capture=django_capture_on_commit_callbacks)


def admin_of(key: str) -> Membership:
    organisation = Organisation.objects.get(key=key)
    admin = organisation.memberships.filter(role=Role.ADMIN, active=True).first()
    if admin is None:  # an admin of the authority, made for the test
        from lotse.orgs.services import membership_create

        admin = membership_create(
            organisation=organisation,
            email=f"admin@{key}.example",
            first_name="Ada",
            last_name="Admin",
            role=Role.ADMIN,
            actor=None,
        )
    return admin


def call(client, raw: str, method: str, path: str, **body):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if method == "post":
        return client.post(path, body, content_type="application/json", **headers)
    return client.get(path, **headers)


def test_the_org_admin_makes_a_key_on_the_people_page_shown_once_and_stored_hashed(client):
    admin = admin_of("lab-ni-zentralstelle")
    client.force_login(admin.user)
    response = client.post(
        reverse("orgs:api_key_new"), {"name": "Fallsystem", "scopes": list(BOTH)}
    )
    assert response.status_code == 200
    raw = re.search(r"lotse_[A-Za-z0-9_-]{43}", response.content.decode()).group(0)
    key = ApiKey.objects.get(organisation=admin.organisation)
    assert key.secret_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(list(ApiKey.objects.values()))
    again = client.get(reverse("orgs:people")).content.decode()
    assert raw not in again and key.prefix in again
    refused = client.post(reverse("orgs:api_key_new"), {"name": "x", "scopes": []})
    assert refused.status_code == 422 and ApiKey.objects.count() == 1
    client.post(reverse("orgs:api_key_end", args=[key.pk]))
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None


def test_making_and_revoking_a_key_enters_the_organisation_audit_log(client):
    admin = admin_of("lab-ni-zentralstelle")
    client.force_login(admin.user)
    client.post(reverse("orgs:api_key_new"), {"name": "Fallsystem", "scopes": list(BOTH)})
    key = ApiKey.objects.get(organisation=admin.organisation)
    made = OrgAuditEntry.objects.get(action=AuditAction.API_KEY_CREATED)
    assert (made.organisation, made.actor, made.subject) == (admin.organisation, admin.user, None)
    assert made.new == {"key": "Fallsystem", "prefix": key.prefix, "scopes": sorted(BOTH)}
    client.post(reverse("orgs:api_key_end", args=[key.pk]))
    client.post(reverse("orgs:api_key_end", args=[key.pk]))  # again: nothing new to log
    revoked = OrgAuditEntry.objects.get(action=AuditAction.API_KEY_REVOKED)
    assert revoked.organisation == admin.organisation and revoked.actor == admin.user
    assert revoked.old == made.new and revoked.new == made.new | {"revoked": True}
    # shown where the log is shown: the people page, in the user's language
    page = client.get(reverse("orgs:people"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "API-Schlüssel erstellt" in page and "API-Schlüssel widerrufen" in page
    assert "„Fallsystem“" in page or "“Fallsystem”" in page
    assert key.prefix in page
    # another organisation's log does not hold it
    assert not OrgAuditEntry.objects.filter(
        organisation__key="abh-lhh", action__startswith="api_key"
    ).exists()


def test_only_the_org_admin_makes_keys(client, cast):
    client.force_login(cast("zentralstelle_caseworker").user)
    response = client.post(reverse("orgs:api_key_new"), {"name": "x", "scopes": list(BOTH)})
    assert response.status_code == 403 and not ApiKey.objects.exists()


def test_the_authoritys_system_lists_fetches_and_accepts(client, delivered):
    _key, raw = api_key_create(
        actor=admin_of("lab-ni-zentralstelle"), name="Fallsystem", scopes=BOTH
    )
    listed = call(client, raw, "get", "/api/v1/submissions")
    assert listed.status_code == 200, listed.content
    assert str(delivered.pk) in [row["id"] for row in listed.json()]
    manifest = call(client, raw, "get", f"/api/v1/submissions/{delivered.pk}/manifest").json()
    assert manifest == Submission.objects.get(pk=delivered.pk).manifest
    for entry in manifest["documents"]:
        response = call(
            client, raw, "get", f"/api/v1/submissions/{delivered.pk}/documents/{entry['id']}"
        )
        assert response.status_code == 200 and response.streaming
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
    dossier = call(client, raw, "get", f"/api/v1/submissions/{delivered.pk}/dossier")
    assert dossier.status_code == 200 and dossier["Content-Type"] == "application/zip"
    url = f"/api/v1/submissions/{delivered.pk}/acknowledge"
    accepted = call(client, raw, "post", url, outcome="accepted")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    case = Case.objects.get(pk=delivered.case_id)
    assert case.state == CaseState.IN_PROCEDURE
    event = case.events.get(type=EventType.DOSSIER_ACCEPTED)
    assert (event.payload["via"], event.actor_id) == ("api", None)
    # the same acknowledgement again: nothing changes; another one: refused
    count = case.events.count()
    assert call(client, raw, "post", url, outcome="accepted").status_code == 200
    refused = call(client, raw, "post", url, outcome="rejected", reasons="x")
    assert refused.status_code == 409 and refused.json()["code"] == "not_delivered"
    assert case.events.count() == count
    listed = call(client, raw, "get", "/api/v1/submissions").json()
    assert str(delivered.pk) not in [row["id"] for row in listed]
    assert ApiKeyUse.objects.filter(key__prefix=raw[:14]).count() >= 8


def test_reject_by_api_needs_reasons_and_sends_the_case_back(client, delivered):
    _key, raw = api_key_create(actor=admin_of("lab-ni-zentralstelle"), name="S", scopes=BOTH)
    url = f"/api/v1/submissions/{delivered.pk}/acknowledge"
    missing = call(client, raw, "post", url, outcome="rejected", reasons=" ")
    assert missing.status_code == 422 and "reasons" in missing.json()["fields"]
    response = call(client, raw, "post", url, outcome="rejected", reasons="Pass abgelaufen")
    assert response.status_code == 200
    case = Case.objects.get(pk=delivered.case_id)
    assert case.state == CaseState.SUBMITTED
    assert Submission.objects.get(pk=delivered.pk).state == SubmissionState.REJECTED


def test_a_revoked_foreign_unscoped_or_missing_key_is_refused(client, delivered, cast):
    admin = admin_of("lab-ni-zentralstelle")
    key, raw = api_key_create(actor=admin, name="S", scopes=BOTH)
    _read_key, read_only = api_key_create(actor=admin, name="R", scopes=[ApiScope.READ])
    _foreign, foreign = api_key_create(actor=admin_of("abh-lhh"), name="F", scopes=BOTH)
    url = f"/api/v1/submissions/{delivered.pk}/acknowledge"
    assert call(client, foreign, "get", f"/api/v1/submissions/{delivered.pk}").status_code == 404
    assert call(client, foreign, "post", url, outcome="accepted").status_code == 404
    assert call(client, read_only, "post", url, outcome="accepted").status_code == 403
    assert call(client, raw[:-1] + "x", "get", "/api/v1/submissions").status_code == 401
    client.force_login(cast("zentralstelle_caseworker").user)  # a session is no key
    assert client.get("/api/v1/submissions").status_code == 401
    client.logout()
    api_key_revoke(actor=admin, key=key)
    assert call(client, raw, "get", "/api/v1/submissions").status_code == 401
    assert Submission.objects.get(pk=delivered.pk).state == SubmissionState.DELIVERED


def test_a_key_is_rate_limited(client, delivered, settings):
    settings.LOTSE_API_KEY_RATE_PER_MINUTE = 2
    _key, raw = api_key_create(actor=admin_of("lab-ni-zentralstelle"), name="S", scopes=BOTH)
    statuses = [call(client, raw, "get", "/api/v1/submissions").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert ApiKeyUse.objects.filter(status=429).count() == 1
