from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lotse.orgs.services import region_load


class Command(BaseCommand):
    help = "Load (or update) a region's organisations, default contacts and places from regions/<name>/."

    def add_arguments(self, parser):
        parser.add_argument("region", nargs="?", default=None, help="folder name under regions/")

    def handle(self, *args, region=None, **options):
        directory = Path(settings.LOTSE_REGIONS_DIR) / (region or settings.LOTSE_REGION)
        if not (directory / "region.yaml").is_file():
            raise CommandError(f"No region data at {directory} (region.yaml missing).")
        organisations = region_load(region_dir=directory)
        self.stdout.write(f"{len(organisations)} organisations loaded from {directory}.")
