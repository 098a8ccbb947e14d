"""Lockout after failed logins that cannot be turned against other people.

Failures count per combination of account and address (`AXES_FAILURE_LIMIT`, five): someone who
guesses at an account from one address does not lock its owner out elsewhere, nor the colleagues
behind the same address. A much higher limit per address alone (`LOTSE_LOCKOUT_ADDRESS_LIMIT`)
stops one address trying many accounts. The counters are django-axes' rows in the database, shared
by every web process. A locked-out person unlocks their account through a password-reset mail.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.utils import reset
from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, unless a proxy header is configured
    (`LOTSE_PROXY_CLIENT_IP_HEADER`), then the entry that the nearest of `LOTSE_PROXY_COUNT` trusted
    proxies wrote. A header is never read unconfigured: anyone can send one."""
    header = settings.LOTSE_PROXY_CLIENT_IP_HEADER
    if not header:
        return request.META.get("REMOTE_ADDR", "")
    key = "HTTP_" + header.upper().replace("-", "_")
    hops = [hop.strip() for hop in request.META.get(key, "").split(",") if hop.strip()]
    count = max(settings.LOTSE_PROXY_COUNT, 1)
    if len(hops) < count:  # not through the proxy: its own address is what we have
        return request.META.get("REMOTE_ADDR", "")
    return hops[-count]


def login_name(request: HttpRequest, credentials: dict | None) -> str | None:
    """The login as typed, case-folded: `Ana@X` and `ana@x` are one account, so one counter."""
    name = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if name is None and request is not None:
        name = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return name.strip().lower() if isinstance(name, str) else name


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with one limit per lockout parameter. `AXES_LOCKOUT_PARAMETERS`
    lists [account+address, address]; axes compares the largest sum with one limit, so the
    address's failures are scaled to that limit: floor(n·L/A) ≥ L exactly when n ≥ A."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        combination, address = (
            sum(attempts.values_list("failures_since_start", flat=True))
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = settings.AXES_FAILURE_LIMIT
        return max(combination, address * limit // settings.LOTSE_LOCKOUT_ADDRESS_LIMIT)


def lockout_lift(*, email: str) -> int:
    """Remove the failure counters of an account (after its owner chose a new password through
    the reset mail); other accounts' counters at the same addresses stay."""
    return reset(username=email.strip().lower())
