"""Settings of the journey's own processes (web server, `db_worker`, `periodic`): the development
settings as `bin/start` runs them, with the database, the SMTP server on loopback, the uploads and
the seals that the journey's fixture names (tests/e2e/journey.py). Not the test settings: the
tasks go through the database to a real worker and mail leaves by SMTP."""

import os

from lotse.settings.dev import *  # noqa: F403

_place = os.environ["LOTSE_JOURNEY_DIR"]
MEDIA_ROOT = f"{_place}/media"
LOTSE_SEAL_DIR = f"{_place}/seals"
LOTSE_SEAL_DEMO_KEY_FILE = f"{_place}/seal-key.pem"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
