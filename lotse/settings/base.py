"""Settings shared by every environment, in named blocks."""

import hashlib

from django.utils.translation import gettext_lazy as _

from lotse.routing.region import DEFAULT_REGION
from lotse.settings import env

BASE_DIR = env.BASE_DIR
VAR_DIR = BASE_DIR / "var"

# --- Security -------------------------------------------------------------------------------------
SECRET_KEY = env.text("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env.flag("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env.listing("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env.listing("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "lotse.core.views.csrf_failure"
# Production refuses what only the demo may have: its data, its published password (prod.py).
LOTSE_PRODUCTION = False
# A reverse proxy in front: the header that carries the client's address (e.g. X-Forwarded-For)
# and how many trusted proxies append to it; the header that says the request came over HTTPS
# (e.g. X-Forwarded-Proto). Unset, neither header is believed: a client can send any header.
LOTSE_PROXY_CLIENT_IP_HEADER = env.text("LOTSE_PROXY_CLIENT_IP_HEADER")
LOTSE_PROXY_COUNT = env.integer("LOTSE_PROXY_COUNT", 1)
LOTSE_PROXY_SSL_HEADER = env.text("LOTSE_PROXY_SSL_HEADER")
if LOTSE_PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + LOTSE_PROXY_SSL_HEADER.upper().replace("-", "_"),
        "https",
    )

# --- Content Security Policy (django-csp): no inline script or style anywhere -------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Sessions: in the database; idle timeout and maximum age (accounts/sessions.py) --------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOTSE_SESSION_IDLE_MINUTES_STAFF = env.integer("LOTSE_SESSION_IDLE_MINUTES_STAFF", 30)
LOTSE_SESSION_IDLE_MINUTES = env.integer("LOTSE_SESSION_IDLE_MINUTES", 120)
LOTSE_SESSION_MAX_HOURS = env.integer("LOTSE_SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = LOTSE_SESSION_MAX_HOURS * 3600

# --- Applications ---------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_countries",  # ISO 3166 names in German and English (the intake's country lists)
    "django_otp",
    "lotse.core.apps.SecondFactorConfig",  # django_otp.plugins.otp_totp, named in German too
    "lotse.core.apps.LoginProtectionConfig",  # axes
    "csp",
    "ninja",
    "django_tasks",
    "lotse.core.apps.BackgroundTasksConfig",  # django_tasks_db
    "lotse.core.apps.CoreConfig",
    "lotse.accounts",
    "lotse.orgs",
    "lotse.inbox",
    "lotse.cases",
    "lotse.routing",
    "lotse.documents",
    "lotse.forwarding",
    "lotse.deadlines",
    "lotse.welcome",
    "lotse.stats",
    "lotse.procedure",
    "lotse.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "lotse.core.middleware.RequestTooLargeMiddleware",
    "lotse.core.middleware.ApiErrorEnvelopeMiddleware",
    "lotse.core.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lotse.accounts.sessions.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lotse.accounts.otp.SecondFactorMiddleware",
    "lotse.core.middleware.LoginRequiredExceptApiMiddleware",
    "lotse.orgs.middleware.ActiveMembershipMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lotse.urls"
WSGI_APPLICATION = "lotse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lotse" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lotse.orgs.context_processors.membership",
                "lotse.routing.context_processors.region",
            ],
        },
    },
]

# Every Django form renders as KERN UX fields (label, hint, error) from templates/kern/.
FORM_RENDERER = "lotse.core.kern.KernFormRenderer"

# --- Database -------------------------------------------------------------------------------------
DATABASES = {"default": env.database(VAR_DIR / "lotse.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lotse.accounts.passwords.PasswordBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout (accounts/lockout.py): five failures lock one account from one address; a much higher
# number locks an address for every account. Counters are axes' rows in the database.
AXES_HANDLER = "lotse.accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = env.integer("LOTSE_LOCKOUT_LIMIT", 5)
LOTSE_LOCKOUT_ADDRESS_LIMIT = env.integer("LOTSE_LOCKOUT_ADDRESS_LIMIT", 100)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "lotse.accounts.lockout.login_name"
AXES_CLIENT_IP_CALLABLE = "lotse.accounts.lockout.client_address"
# Reset mails per hour: from one address, and to one account.
LOTSE_RESET_MAILS_PER_ADDRESS = env.integer("LOTSE_RESET_MAILS_PER_ADDRESS", 20)
LOTSE_RESET_MAILS_PER_ACCOUNT = env.integer("LOTSE_RESET_MAILS_PER_ACCOUNT", 3)
# The Welcome Center's public forms (registrations, bookings, enquiries) per hour from one address.
LOTSE_WELCOME_FORMS_PER_ADDRESS = env.integer("LOTSE_WELCOME_FORMS_PER_ADDRESS", 20)
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
# No personal data in logs: axes names neither the login nor the address of a failed attempt.
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password"]

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lotse" / "locale"]
TIME_ZONE = "Europe/Berlin"
# Dates as each language writes them: 29.11.2026 / 29 Nov 2026 (lotse/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["lotse.formats"]
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# A request body larger than this is refused with a page in the user's language (core.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.integer("LOTSE_MAX_REQUEST_BYTES", 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Documents (lotse/documents): the largest file, the most pixels an image may declare, and the
# malware scanner run on every accepted file ("" = none; see documents/scanner.py).
LOTSE_UPLOAD_MAX_BYTES = env.integer("LOTSE_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
LOTSE_UPLOAD_MAX_PIXELS = env.integer("LOTSE_UPLOAD_MAX_PIXELS", 60_000_000)
LOTSE_MALWARE_SCANNER = env.text("LOTSE_MALWARE_SCANNER")
LOTSE_UPLOAD_LINK_DAYS = env.integer("LOTSE_UPLOAD_LINK_DAYS", 14)
# Stored files without a document row are removed by the periodic sweep after this many hours.
LOTSE_ORPHAN_GRACE_HOURS = env.integer("LOTSE_ORPHAN_GRACE_HOURS", 24)
# Paths that take files: their request body may be as large as one file (and the form around it).
# (the worker's link page, and the upload step of a case on its page and in the API)
LOTSE_UPLOAD_PATHS = (
    r"^/(upload/[^/]+/|cases/[^/]+/upload-document/|api/v1/cases/[^/]+/upload-document)$"
)
FILE_UPLOAD_HANDLERS = [
    "lotse.documents.upload_handler.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Mail -----------------------------------------------------------------------------------------
EMAIL_BACKEND = env.text("LOTSE_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.text("LOTSE_SMTP_HOST", "localhost")
EMAIL_PORT = env.integer("LOTSE_SMTP_PORT", 25)
EMAIL_HOST_USER = env.text("LOTSE_SMTP_USER")
EMAIL_HOST_PASSWORD = env.text("LOTSE_SMTP_PASSWORD")
EMAIL_USE_TLS = env.flag("LOTSE_SMTP_STARTTLS", False)
DEFAULT_FROM_EMAIL = env.text("LOTSE_MAIL_FROM", "Lotse <noreply@lotse.localhost>")
# Days after a case ended until its personal data is erased (`cases/retention.py`: three years
# after § 195 BGB by default; the operator's records-management rules may set another period).
LOTSE_RETENTION_DAYS = env.integer("LOTSE_RETENTION_DAYS", 3 * 365)
# Days after an event (or a first consultation asked for without an account) ended until the
# names and addresses of its registrations are erased (`welcome/retention.py`); the counts stay.
LOTSE_WELCOME_RETENTION_DAYS = env.integer("LOTSE_WELCOME_RETENTION_DAYS", 180)

# Statistics: figures per named employee are performance monitoring, which needs an agreement
# with the staff council (§ 87 Abs. 1 Nr. 6 BetrVG, § 80 Abs. 1 Nr. 21 BPersVG): off unless set.
LOTSE_STATS_PER_PERSON = env.flag("LOTSE_STATS_PER_PERSON", False)

# Deadlines (`lotse.deadlines`): whether Saturday counts as a Werktag (the law's default: yes), and
# how many days before a period's end its owner is reminded (the work list shows amber from then).
LOTSE_SATURDAY_COUNTS = env.flag("LOTSE_SATURDAY_COUNTS", True)
LOTSE_REMINDER_LEAD_DAYS = env.integer("LOTSE_REMINDER_LEAD_DAYS", 3)
# The outbox (core.outbox): attempts before a mail counts as failed, the wait after the first
# failure (doubling after each further one), and how long a sender may hold a row before the
# scheduler gives it to another (a worker killed mid-send).
LOTSE_OUTBOX_MAX_ATTEMPTS = env.integer("LOTSE_OUTBOX_MAX_ATTEMPTS", 5)
LOTSE_OUTBOX_BACKOFF_SECONDS = env.integer("LOTSE_OUTBOX_BACKOFF_SECONDS", 60)
LOTSE_OUTBOX_LEASE_SECONDS = env.integer("LOTSE_OUTBOX_LEASE_SECONDS", 600)
# Forwarding (forwarding.services): delivery attempts of a submission before it counts as failed,
# the wait after the first failure (doubling after each), and a deliverer's lease.
LOTSE_SUBMISSION_MAX_ATTEMPTS = env.integer("LOTSE_SUBMISSION_MAX_ATTEMPTS", 5)
LOTSE_SUBMISSION_BACKOFF_SECONDS = env.integer("LOTSE_SUBMISSION_BACKOFF_SECONDS", 60)
LOTSE_SUBMISSION_LEASE_SECONDS = env.integer("LOTSE_SUBMISSION_LEASE_SECONDS", 300)
# Calls a minute one organisation API key may make (orgs/api_keys.py).
LOTSE_API_KEY_RATE_PER_MINUTE = env.integer("LOTSE_API_KEY_RATE_PER_MINUTE", 120)
# Named points where a crash test kills the process (core.faults); only the test settings fill it.
LOTSE_FAULT_POINTS: tuple[str, ...] = ()

# --- Background tasks -----------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Lotse ----------------------------------------------------------------------------------------
LOTSE_REGION = env.text("LOTSE_REGION", DEFAULT_REGION)
LOTSE_REGIONS_DIR = env.text("LOTSE_REGIONS_DIR", str(BASE_DIR / "regions"))
LOTSE_BASE_URL = env.text("LOTSE_BASE_URL", "http://127.0.0.1:8000")
# Authority and chamber staff confirm their login with a one-time code (TOTP, django-otp).
LOTSE_REQUIRE_TOTP = env.flag("LOTSE_REQUIRE_TOTP", True)
OTP_TOTP_ISSUER = "Lotse"

# --- The audit log: a keyed chain per case, sealed outside the database (cases/sealing/) ----------
# HMAC keys of the event chains by key id (`kid:base64,...`) and the id new events are chained
# with; old ids stay listed so that the events chained with them still verify after a rotation.
# Unset: one demo key derived from a published phrase, which production refuses (prod.py).
INSECURE_AUDIT_KEY_ID = "insecure-demo"
LOTSE_AUDIT_KEYS = env.keyring("LOTSE_AUDIT_KEYS") or {
    INSECURE_AUDIT_KEY_ID: hashlib.sha256(b"lotse insecure demo audit key").digest()
}
LOTSE_AUDIT_KEY_ID = env.text("LOTSE_AUDIT_KEY_ID") or sorted(LOTSE_AUDIT_KEYS)[-1]
if LOTSE_AUDIT_KEY_ID not in LOTSE_AUDIT_KEYS:
    raise env.EnvError(f"LOTSE_AUDIT_KEY_ID {LOTSE_AUDIT_KEY_ID!r} is not in LOTSE_AUDIT_KEYS")
# Seals: an append-only directory, the Ed25519 signing key (PEM, PKCS#8) and further public keys
# (PEM) whose older seals still verify. Unset key file: a demo key made in var/ on first use.
LOTSE_SEAL_DIR = env.text("LOTSE_SEAL_DIR", str(VAR_DIR / "seals"))
LOTSE_SEAL_KEY_FILE = env.text("LOTSE_SEAL_KEY_FILE")
LOTSE_SEAL_DEMO_KEY_FILE = str(VAR_DIR / "insecure-demo-seal-key.pem")
LOTSE_SEAL_PUBLIC_KEY_FILES = env.listing("LOTSE_SEAL_PUBLIC_KEY_FILES")
# The periodic job seals at most this often (and only after a change): a seal reads every case.
LOTSE_SEAL_EVERY_MINUTES = env.integer("LOTSE_SEAL_EVERY_MINUTES", 10)

# --- Logging: no personal data; request paths carry only ids ----------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
