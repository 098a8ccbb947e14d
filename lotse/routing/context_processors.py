"""The platform's region for every page: its name in the page's language (`region_name`), so no
template names a region; the region is `LOTSE_REGION`."""

from django.conf import settings
from django.utils import translation

from lotse.routing.region import get_region


def region(request):
    language = "en" if (translation.get_language() or "").startswith("en") else "de"
    return {"region_name": get_region(settings.LOTSE_REGION).name[language]}
