from pathlib import Path

from django.conf import settings
from django.db import transaction

from lotse.cases.models import Case
from lotse.cases.notifications import suppressed
from lotse.demo.cast import cast_load
from lotse.demo.stories import stories_load
from lotse.demo.welcome import welcome_load
from lotse.orgs.services import region_load


def region_dir(name: str | None = None) -> Path:
    return Path(settings.LOTSE_REGIONS_DIR) / (name or settings.LOTSE_REGION)


class DemoRefused(RuntimeError):
    """The demo is asked for where it must never be: under production settings."""


def demo_load() -> None:
    """Region data, cast and story cases; the stories only once (they are history). Refused under
    production settings, before the database is touched: the demo's people log in with a
    published password."""
    if settings.LOTSE_PRODUCTION:
        raise DemoRefused(
            "The demo data never enters production (LOTSE_PRODUCTION is on under "
            "lotse.settings.prod): its logins share a published password. Load the region "
            "alone with `manage.py region_load`."
        )
    _load()


@transaction.atomic
def _load() -> None:
    region_load(region_dir=region_dir())
    cast_load()
    if not Case.objects.exists():
        with suppressed():  # the story is history: nobody is mailed about it
            stories_load()
    welcome_load()
