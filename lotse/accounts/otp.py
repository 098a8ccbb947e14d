"""The second factor: the staff of every partner organisation (chambers, authorities, the agency,
the Jobcenter, the Welcome Center, recognition bodies) and every platform administrator confirm
their login with a one-time code from an authenticator app (TOTP, RFC 6238) before they see any
case data or the admin. Only a company's people log in with a password alone."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

# The one kind of organisation whose people need no second factor (`orgs.OrgKind.COMPANY`; a
# literal here, since accounts sits below orgs). Every other kind, present and future, needs it.
PASSWORD_ALONE_KIND = "company"
OPEN_PATHS = ("/accounts/", "/language/", "/static/")


def is_partner_staff(user) -> bool:
    """A platform administrator, or a person with an active membership of any organisation that
    is not a company (the partners' staff, who see other people's dossiers)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(m.organisation.kind != PASSWORD_ALONE_KIND for m in active_memberships(user))


def active_memberships(user) -> list:
    """The person's active memberships with their organisations, oldest first, read once per
    user object. A request loads its user afresh, so this is one query per request, shared by the
    session timeout, the second factor, the active organisation and the page header (issue 13:
    a trivial page made a query for each of them)."""
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        memberships = user.memberships.filter(active=True).select_related("organisation")
        cached = list(memberships.order_by("created_at"))
        user._active_memberships = cached  # on the user itself, also through a lazy wrapper
    return cached


def needs_second_factor(user) -> bool:
    """Whether `user` must confirm a one-time code (`LOTSE_REQUIRE_TOTP`, on in production)."""
    return settings.LOTSE_REQUIRE_TOTP and is_partner_staff(user)


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
