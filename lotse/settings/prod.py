"""Production: PostgreSQL through DATABASE_URL, SMTP mail, HTTPS only, secure cookies; refuses the
dev key, debug mode and everything of the demo (its data, its published password)."""

from lotse.settings import env
from lotse.settings.base import *  # noqa: F403
from lotse.settings.base import (
    AUTH_PASSWORD_VALIDATORS,
    DEBUG,
    INSECURE_AUDIT_KEY_ID,
    LOTSE_AUDIT_KEYS,
    LOTSE_REQUIRE_TOTP,
    LOTSE_SEAL_KEY_FILE,
    SECRET_KEY,
)

if SECRET_KEY.startswith("insecure-"):
    raise env.EnvError("DJANGO_SECRET_KEY must be set in production")
if DEBUG:
    raise env.EnvError(
        "DJANGO_DEBUG=true is refused under production settings: debug pages show settings and data"
    )
if not LOTSE_REQUIRE_TOTP:
    raise env.EnvError(
        "LOTSE_REQUIRE_TOTP=false is refused under production settings: partners' staff and "
        "platform administrators always confirm their login with a one-time code"
    )
if INSECURE_AUDIT_KEY_ID in LOTSE_AUDIT_KEYS:
    raise env.EnvError(
        "LOTSE_AUDIT_KEYS must be set in production: the demo key of the audit chain is published"
    )
if not LOTSE_SEAL_KEY_FILE:
    raise env.EnvError(
        "LOTSE_SEAL_KEY_FILE must be set in production: the seals' signing key lives outside the "
        "database and outside var/"
    )
LOTSE_PRODUCTION = True
AUTH_PASSWORD_VALIDATORS = [
    *AUTH_PASSWORD_VALIDATORS,
    {"NAME": "lotse.accounts.passwords.PublishedPasswordValidator"},
]

# --- HTTPS: on by default; switched off only where a proxy in front does it ------------------------
SECURE_SSL_REDIRECT = env.flag("LOTSE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.integer("LOTSE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.flag("LOTSE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.flag("LOTSE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env.flag("LOTSE_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
