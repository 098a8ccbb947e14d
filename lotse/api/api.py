"""The one NinjaAPI (OpenAPI 3 at /api/v1/docs): session auth, one error envelope.

Every error is {"code", "message", "fields"}: Http404 → 404, no login → 401, PermissionDenied → 403,
DomainError → 403 when the actor has no part in the step (`not_your_step`), else 409 (a step on
an older case version: `case_changed`, with the case's version and state in `fields.current`),
invalid input → 422 with the message per field (in the user's language, see
`lotse.api.messages`), a failed CSRF check → 403 `csrf_failed`.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from lotse.api.messages import field_message
from lotse.cases.api import router as cases_router
from lotse.core.errors import DomainError
from lotse.documents.api import router as documents_router
from lotse.forwarding.api import case_router as case_submissions_router
from lotse.forwarding.api import router as submissions_router
from lotse.precheck import ParameterUnavailable

api = NinjaAPI(
    title="Lotse API",
    version="1",
    description="Accelerated skilled-worker procedure (§ 81a AufenthG) — cases, pre-check, routing.",
    auth=django_auth,
    urls_namespace="api",
)


def envelope(request, status: int, code: str, message: str, fields: dict | None = None):
    return api.create_response(
        request, {"code": code, "message": message, "fields": fields or {}}, status=status
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return envelope(request, 404, "not_found", _("Not found."))


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return envelope(request, 401, "not_authenticated", _("Please log in."))


# ninja's session auth (APIKeyCookie) raises HttpError(403, "CSRF check Failed") itself
CSRF_FAILED = "CSRF check Failed"


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """Ninja's own refusals, e.g. a body that is not JSON (400) or a failed CSRF check (403)."""
    if exc.status_code == 400:
        return envelope(
            request, 400, "bad_request", _("The request body could not be read as JSON.")
        )
    if exc.status_code == 403 and str(exc.message) == CSRF_FAILED:
        message = _(
            "The security token of this page is missing or out of date. "
            "Please reload the page and try again."
        )
        return envelope(request, 403, "csrf_failed", message)
    return envelope(request, exc.status_code, "error", str(exc.message))


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return envelope(request, 403, "forbidden", _("You may not do this."))


@api.exception_handler(DomainError)
def refused(request, exc: DomainError):
    status = 403 if str(exc.code) == "not_your_step" else 409
    # what fills the form in (missing fields) or tells the caller where the case stands now
    details = {key: value for key, value in exc.details.items() if key in ("missing", "current")}
    return envelope(request, status, str(exc.code), exc.message, details)


@api.exception_handler(DjangoValidationError)
def invalid_model(request, exc: DjangoValidationError):
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return envelope(request, 422, "invalid", _("Please correct the marked fields."), fields)


@api.exception_handler(NinjaValidationError)
def invalid_input(request, exc: NinjaValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        fields.setdefault(".".join(location) or "__all__", []).append(field_message(error))
    return envelope(request, 422, "invalid", _("Please correct the marked fields."), fields)


@api.exception_handler(ParameterUnavailable)
def no_parameters(request, exc: ParameterUnavailable):
    message = _("The pre-check has no thresholds for this date: %(detail)s") % {"detail": exc}
    return envelope(request, 422, "invalid", message, {exc.field: [str(exc)]})


api.add_router("/", cases_router)
api.add_router("/", documents_router)
api.add_router("/", submissions_router)
api.add_router("/", case_submissions_router)
