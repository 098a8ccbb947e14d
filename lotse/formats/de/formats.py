"""German date formats as the administration writes them: 29.11.2026 (FORMAT_MODULE_PATH)."""

from django.conf.locale.de.formats import *  # noqa: F403 - Django's German formats, then ours

DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
