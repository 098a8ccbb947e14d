import datetime

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.utils import translation
from django.utils.translation import gettext as _

from lotse.accounts.forms import LoginForm
from lotse.accounts.lockout import client_address, lockout_lift
from lotse.accounts.ratelimit import rate_take
from lotse.core.language import CHOSEN_LANGUAGE_KEY

HOUR = datetime.timedelta(hours=1)


class LoginView(auth_views.LoginView):
    """Log in. A language chosen on the login page wins and is stored on the account; without
    one, the account's stored language applies from then on."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        chosen = self.request.session.get(CHOSEN_LANGUAGE_KEY)
        response = super().form_valid(form)
        self.request.session.pop(CHOSEN_LANGUAGE_KEY, None)
        user = form.get_user()
        if chosen in dict(settings.LANGUAGES) and chosen != user.language:
            user.language = chosen
            user.save(update_fields=["language"])
        language = user.language
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response


def reset_mail_allowed(*, address: str, email: str) -> bool:
    """Reset mails are limited per address and per account (counted for any address typed, so
    the answer tells nothing about which accounts exist): no mailbox is flooded, no mail server
    used to spam."""
    per_address = rate_take(
        scope="reset.address",
        source=address,
        limit=settings.LOTSE_RESET_MAILS_PER_ADDRESS,
        per=HOUR,
    )
    return per_address and rate_take(
        scope="reset.account",
        source=email.strip().lower(),
        limit=settings.LOTSE_RESET_MAILS_PER_ACCOUNT,
        per=HOUR,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Send the reset link, within the per-address and per-account limits."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not reset_mail_allowed(address=client_address(self.request), email=email):
            form.add_error(
                "email",
                _("Too many requests for a new password. Please try again in an hour."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose the new password; a lockout of the account ends with it (the mail proved that the
    person holds the mailbox)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout_lift(email=form.user.email)
        return response
