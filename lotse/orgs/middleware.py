"""Sets `request.membership`: the organisation the person acts for right now (switchable)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

SESSION_KEY = "active_membership"


def active_membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    memberships = user.memberships.filter(active=True).select_related("organisation")
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        found = memberships.filter(pk=chosen).first()
        if found is not None:
            return found
    return memberships.order_by("created_at").first()


class ActiveMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: active_membership(request))
        return self.get_response(request)


def membership_of(request):
    """The active membership or None (unwraps the lazy object)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return None
    return membership if membership else None


def region_of(request) -> str:
    """The region the active organisation belongs to (the platform's region when none)."""
    membership = membership_of(request)
    return membership.organisation.region if membership else settings.LOTSE_REGION
