"""Sets `request.membership`: the organisation the person acts for right now (switchable)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from lotse.accounts.otp import active_memberships

SESSION_KEY = "active_membership"


def active_membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    memberships = active_memberships(user)
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        found = next((m for m in memberships if str(m.pk) == str(chosen)), None)
        if found is not None:
            return found
    return memberships[0] if memberships else None


class ActiveMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: active_membership(request))
        return self.get_response(request)


def membership_of(request):
    """The active membership or None: the membership itself, not the lazy stand-in, through
    which every attribute read is a failed lookup first (a page's guards read it a hundred
    times)."""
    membership = getattr(request, "membership", None)
    if not membership:  # evaluates the stand-in
        return None
    if type(membership) is SimpleLazyObject:
        return membership._wrapped
    return membership


def region_of(request) -> str:
    """The region the active organisation belongs to (the platform's region when none)."""
    membership = membership_of(request)
    return membership.organisation.region if membership else settings.LOTSE_REGION
