from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from lotse.core.language import CHOSEN_LANGUAGE_KEY


def home(request):
    """The start page is the list of one's cases; a platform admin goes to the administration."""
    if request.user.is_staff and not request.user.memberships.filter(active=True).exists():
        return redirect("admin:index")
    return redirect("cases:list")


def ping(request):
    """A trivial page for a logged-in person: a fixed small template through the whole middleware
    and the session, the baseline against which `bench/pages.py` measures every page."""
    return render(request, "core/ping.html")


@login_not_required
@require_POST
def language(request):
    """Switch the interface language (public: the login page offers it too). Logged in, the choice
    is kept on the account; before the login, in the session, so that the login keeps it and
    stores it on the account (`accounts.views.LoginView`) instead of the stored one overriding it."""
    response = set_language(request)
    chosen = request.POST.get("language")
    if chosen not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        request.user.language = chosen
        request.user.save(update_fields=["language"])
    else:
        request.session[CHOSEN_LANGUAGE_KEY] = chosen
    return response


@login_not_required
def bad_request(request, exception=None):
    return render(request, "core/400.html", status=400)


@login_not_required
def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


@login_not_required
def forbidden(request, exception=None):
    return render(request, "core/403.html", status=403)


@login_not_required
def csrf_failure(request, reason=""):
    """A form sent without a valid security token (an old tab, a session that ended): say what to
    do, in the user's language, instead of Django's technical page."""
    return render(request, "core/csrf_failure.html", status=403)
