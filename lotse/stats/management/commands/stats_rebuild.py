from django.core.management.base import BaseCommand

from lotse.stats.rebuild import stats_rebuild


class Command(BaseCommand):
    help = "Rebuild the statistics' aggregate tables from the event log."

    def handle(self, *args, **options):
        read = stats_rebuild()
        self.stdout.write(f"Statistics rebuilt from {read} events.")
