"""Sessions end when idle and at a maximum age: a login left open on a shared desk does not stay
open. Partners' staff, who see other people's dossiers, are logged out sooner when idle
(`LOTSE_SESSION_IDLE_MINUTES_STAFF`, 30) than a company's people (`LOTSE_SESSION_IDLE_MINUTES`);
every session ends `LOTSE_SESSION_MAX_HOURS` after the login, however busy."""

import datetime
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from lotse.accounts.otp import is_partner_staff

STARTED = "lotse.session_started"
SEEN = "lotse.session_seen"
# The last-seen mark is written at most once a minute, not on every request.
SEEN_PRECISION = 60


def session_mark_login(sender, request, user, **kwargs) -> None:
    """At login (`user_logged_in`): the session starts now; the login saves the session anyway, so
    the first page after it writes nothing."""
    now = time.time()
    request.session[STARTED] = now
    request.session[SEEN] = now


def idle_limit(user) -> datetime.timedelta:
    minutes = (
        settings.LOTSE_SESSION_IDLE_MINUTES_STAFF
        if is_partner_staff(user)
        else settings.LOTSE_SESSION_IDLE_MINUTES
    )
    return datetime.timedelta(minutes=minutes)


def session_expired(session, user, now: float) -> bool:
    started = session.get(STARTED, now)
    seen = session.get(SEEN, now)
    too_old = now - started > settings.LOTSE_SESSION_MAX_HOURS * 3600
    return too_old or now - seen > idle_limit(user).total_seconds()


class SessionTimeoutMiddleware:
    """Log out a session idle past its limit or older than the maximum age, with a message on the
    login page; otherwise mark it seen."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # The server's wall clock, not `core.clock`: a session's age is real time, while the
            # demo and the tests travel in the cases' time.
            now = time.time()
            if session_expired(request.session, user, now):
                logout(request)
                if request.path_info.startswith("/api/"):
                    return self.get_response(request)  # the API answers 401 in its envelope
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
            request.session.setdefault(STARTED, now)
            if now - request.session.get(SEEN, 0) >= SEEN_PRECISION:
                request.session[SEEN] = now
        return self.get_response(request)
