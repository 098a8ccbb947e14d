"""Published passwords: the demo's password is printed in the README and by `bin/start`, so an
account that carries it is open to anyone. In production no one may choose it, and a login with it
is refused even where an old account still has it (`LOTSE_PRODUCTION`)."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Every password the project has published (README, `bin/start`, the demo's cast).
PUBLISHED_PASSWORDS = frozenset({"lotse-demo-2026"})


def is_published(password: str | None) -> bool:
    return (password or "").strip().lower() in PUBLISHED_PASSWORDS


def published_refused() -> bool:
    """Whether published passwords are refused here: in production, never in the demo."""
    return settings.LOTSE_PRODUCTION


class PublishedPasswordValidator:
    """Refuses a password the project has published (AUTH_PASSWORD_VALIDATORS in production)."""

    def validate(self, password, user=None):
        if is_published(password):
            raise ValidationError(
                _("This password is published with the demo and cannot be used."),
                code="password_published",
            )

    def get_help_text(self):
        return _("Your password cannot be the published demo password.")


class PasswordBackend(ModelBackend):
    """Django's password login, except that in production a published password opens nothing
    (also on the admin's login page, which does not use Lotse's login form)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if published_refused() and is_published(password):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
