"""The region for every page: its name in the page's language (`region_name`), so no template names
a region. It is the active organisation's region, else the platform's (`LOTSE_REGION`)."""

from django.utils import translation

from lotse.orgs.middleware import region_of
from lotse.routing.region import get_region


def region(request):
    language = "en" if (translation.get_language() or "").startswith("en") else "de"
    return {"region_name": get_region(region_of(request)).name[language]}
