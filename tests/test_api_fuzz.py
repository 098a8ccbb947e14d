"""The API under generated input (schemathesis, from the OpenAPI schema): never a server error,
every refusal in the one error envelope {code, message, fields}, and a 2xx matches the schema."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def in_test_transaction():
    """Keep the test's database connection across the in-process requests, as Django's test
    client does: the app must not close it when a request finishes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def company_session(db, cast, in_test_transaction):
    client = Client()
    client.force_login(cast("company_hr").user)
    token = _get_new_csrf_string()
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("LOTSE_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_generated_input_without_server_errors(case, company_session):
    case.cookies = {**(case.cookies or {}), **company_session}
    response = case.call(headers={"X-CSRFToken": company_session["csrftoken"]})
    assert response.status_code < 500, (case.method, case.path, case.path_parameters, case.body)
    if response.status_code >= 400:
        assert response.text.startswith("{"), (
            response.status_code,
            case.query,
            response.text[:300],
        )
        body = response.json()
        assert set(body) == {"code", "message", "fields"}, body
        assert body["message"]


def _own_case(kind: int, cast):
    """A fresh case of the caller: a draft or one submitted to the IHK."""
    from lotse.cases import services
    from lotse.demo.stories import valid_intake
    from lotse.orgs.models import Organisation

    company = cast("company_hr")
    case = services.case_create(actor=company, fields=valid_intake())
    if kind:
        chamber = Organisation.objects.get(key="ihk-hannover")
        services.case_submit(case=case, actor=company, chamber=chamber)
    return case


@schema.include(path_regex=r"\{case_id\}").parametrize()
@settings(
    # each example makes its own case, so fewer of them by default
    max_examples=max(1, int(os.environ.get("LOTSE_FUZZ_EXAMPLES", "25")) // 2),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_generated_input_on_the_callers_own_cases(case, company_session, cast):
    """The same, on a real case the caller may act on, at its current version where the body
    names one: the generated input reaches the steps' forms and services, not only the 404."""
    from lotse.cases.selectors import case_version

    own = _own_case(len(str(case.body)) % 2, cast)
    case.path_parameters = {**(case.path_parameters or {}), "case_id": str(own.pk)}
    if isinstance(case.body, dict) and "version" in case.body:
        case.body = {**case.body, "version": case_version(case=own)}
    case.cookies = {**(case.cookies or {}), **company_session}
    response = case.call(headers={"X-CSRFToken": company_session["csrftoken"]})
    assert response.status_code < 500, (case.method, case.path, case.body)
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"code", "message", "fields"}, body
        assert body["message"]


@pytest.fixture
def authority_key(db, in_test_transaction):
    """An API key of the Zentralstelle, made by an admin of it through the service."""
    from lotse.orgs.api_keys import api_key_create
    from lotse.orgs.models import ApiScope, Organisation, Role
    from lotse.orgs.services import membership_create

    organisation = Organisation.objects.get(key="lab-ni-zentralstelle")
    admin = membership_create(
        organisation=organisation, email="admin@lab.example", role=Role.ADMIN, actor=None
    )
    _key, raw = api_key_create(actor=admin, name="Fuzz", scopes=list(ApiScope.values))
    return raw


@schema.include(path_regex=r"/submissions").parametrize()
@settings(
    max_examples=int(os.environ.get("LOTSE_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_submissions_api_answers_generated_input_with_a_key(case, authority_key, story):
    """The authority's own system's API under generated input, with a real key: half the examples
    on submissions delivered to the key's organisation (the demo's Mendoza and El Amrani)."""
    if case.path_parameters and "submission_id" in case.path_parameters:
        name = "Mendoza" if len(str(case.body)) % 3 else "El Amrani"
        if len(str(case.path_parameters)) % 2:
            submission = story(name).submissions.first()
            case.path_parameters = {**case.path_parameters, "submission_id": str(submission.pk)}
    response = case.call(headers={"Authorization": f"Bearer {authority_key}"})
    assert response.status_code < 500, (case.method, case.path, case.path_parameters, case.body)
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"code", "message", "fields"}, body
        assert body["message"]
