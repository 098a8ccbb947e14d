from django.core.management.base import BaseCommand

from lotse.demo.history import history_load


class Command(BaseCommand):
    help = "Add the demo history 2021–2025 for the statistics (once; after demo_load)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="share of the volume")

    def handle(self, *args, scale: float, **options):
        made = history_load(scale=scale)
        self.stdout.write(f"Demo history: {made} procedures made.")
