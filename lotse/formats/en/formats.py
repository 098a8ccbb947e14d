"""English dates without the US order: 29 Nov 2026, never 11/29/2026 (FORMAT_MODULE_PATH)."""

from django.conf.locale.en.formats import *  # noqa: F403 - Django's English formats, then ours

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M"]
THOUSAND_SEPARATOR = ","
DECIMAL_SEPARATOR = "."
