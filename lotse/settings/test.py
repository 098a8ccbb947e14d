"""Tests: fast hashing, immediate tasks, local-memory mail and cache."""

import os

from lotse.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = False
LOTSE_REQUIRE_TOTP = False  # switched on by the tests of the second factor
# the crash tests' fault hook (core.faults): a db_worker started by a test names its points here
LOTSE_FAULT_POINTS = tuple(filter(None, os.environ.get("LOTSE_FAULT_POINTS", "").split(",")))
# A db_worker process started by a crash test (tests/test_forwarding_crash.py) runs real tasks from
# the database and reads the documents from the test's directory on disk.
if os.environ.get("LOTSE_TEST_TASKS") == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if os.environ.get("LOTSE_TEST_MEDIA"):
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": os.environ["LOTSE_TEST_MEDIA"]},
        },
    }
# The fault run (bench/faults.py) sends its processes' mail to an SMTP server on loopback.
if os.environ.get("LOTSE_TEST_SMTP_PORT"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(os.environ["LOTSE_TEST_SMTP_PORT"])
    EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
    EMAIL_USE_TLS = False
