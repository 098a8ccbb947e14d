"""Request-level guards: deny by default (the API authenticates itself) and oversized requests."""

import re

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


class LoginRequiredExceptApiMiddleware(LoginRequiredMiddleware):
    """Every page needs a login unless marked public; the API prefix is exempt in this one place
    because the NinjaAPI sets its own auth and answers 401 in its error envelope (django-ninja #1461:
    its views cannot carry `login_not_required`)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class RequestTooLargeMiddleware:
    """Refuse a body over the limit before anything reads it, in the user's language.

    Django would otherwise raise RequestDataTooBig on first access and answer a bare 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if re.match(settings.LOTSE_UPLOAD_PATHS, request.path_info):
            # the upload handler stops a file over its own limit while it streams in
            limit = settings.LOTSE_UPLOAD_MAX_BYTES + limit
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return request_too_large(request, limit)
        return self.get_response(request)


def request_too_large(request, limit: int):
    megabytes = limit // (1024 * 1024)
    message = _(
        "The request is too large (more than %(size)s MB). Nothing was saved. "
        "Please shorten your input or send fewer or smaller files."
    ) % {"size": megabytes}
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse(
            {"code": "request_too_large", "message": message, "fields": {}}, status=413
        )
    return render(request, "core/request_too_large.html", {"message": message}, status=413)


class ApiErrorEnvelopeMiddleware:
    """Whatever answers an API request with an error that is not JSON (a method the path does not
    allow, a failed CSRF check, an unknown path) is turned into the one error envelope."""

    CODES = {
        400: "bad_request",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "request_too_large",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path_info.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return self.envelope(response)
        return response

    def envelope(self, response):
        messages = {
            400: _("The request could not be read."),
            403: _("You may not do this."),
            404: _("Not found."),
            405: _("This method is not allowed here."),
        }
        status = response.status_code
        message = messages.get(status, _("The request could not be processed."))
        replaced = JsonResponse(
            {"code": self.CODES.get(status, "error"), "message": message, "fields": {}},
            status=status,
        )
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced


class MethodNotAllowedPageMiddleware:
    """A page asked for with the wrong method (e.g. a bookmarked step that only takes a form)
    gets a page saying so, in the user's language, instead of Django's empty 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not request.path_info.startswith(API_PREFIX)
            and not response.content
        ):
            page = render(request, "core/405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
