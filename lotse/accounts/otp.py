"""The second factor: authority and chamber staff confirm their login with a one-time code from an
authenticator app (TOTP, RFC 6238) before they see any case data."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

# Organisations whose people act as authorities or chambers (DESIGN: TOTP for their staff).
SECOND_FACTOR_KINDS = frozenset(
    {
        "ihk",
        "hwk",
        "foreigners_authority",
        "employment_agency",
        "jobcenter",
        "recognition_body",
    }
)
OPEN_PATHS = ("/accounts/", "/language/", "/static/")


def needs_second_factor(user) -> bool:
    """Whether `user` must confirm a one-time code: any active membership of an authority or chamber."""
    if not settings.LOTSE_REQUIRE_TOTP or not user.is_authenticated:
        return False
    return user.memberships.filter(active=True, organisation__kind__in=SECOND_FACTOR_KINDS).exists()


class SecondFactorMiddleware:
    """Until the code is confirmed, such a person reaches only the login pages: set-up of the app
    on first login, the code prompt afterwards; the API answers 401 in its envelope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path_info.startswith(OPEN_PATHS)
            and needs_second_factor(user)
        ):
            if request.path_info.startswith("/api/"):
                message = _("Please confirm your login with the one-time code first.")
                body = {"code": "second_factor_required", "message": message, "fields": {}}
                return JsonResponse(body, status=401)
            target = "accounts:otp_verify" if user_has_device(user) else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
