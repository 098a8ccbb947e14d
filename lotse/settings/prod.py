"""Production: PostgreSQL through DATABASE_URL, SMTP mail, secure cookies; refuses the dev key."""

from lotse.settings import env
from lotse.settings.base import *  # noqa: F403
from lotse.settings.base import SECRET_KEY

if SECRET_KEY.startswith("insecure-"):
    raise env.EnvError("DJANGO_SECRET_KEY must be set in production")
SESSION_COOKIE_SECURE = env.flag("LOTSE_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
