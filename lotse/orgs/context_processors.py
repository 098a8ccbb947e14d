from lotse.accounts.otp import active_memberships
from lotse.orgs.middleware import membership_of


def membership(request):
    current = membership_of(request)
    user = getattr(request, "user", None)
    others = []
    if current is not None and user is not None and user.is_authenticated:
        others = [m for m in active_memberships(user) if m.pk != current.pk]
    return {"membership": current, "other_memberships": others}
