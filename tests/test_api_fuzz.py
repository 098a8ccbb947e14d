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
