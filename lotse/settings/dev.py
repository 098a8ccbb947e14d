"""Development: the embedded default (SQLite), mail to the console, debug on unless switched off."""

from lotse.settings import env
from lotse.settings.base import *  # noqa: F403

DEBUG = env.flag("DJANGO_DEBUG", True)
# The demo logs in with passwords alone unless LOTSE_REQUIRE_TOTP=true; production asks for codes.
LOTSE_REQUIRE_TOTP = env.flag("LOTSE_REQUIRE_TOTP", False)
EMAIL_BACKEND = env.text("LOTSE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

VAR_DIR.mkdir(exist_ok=True)  # noqa: F405 — the embedded database lives here
