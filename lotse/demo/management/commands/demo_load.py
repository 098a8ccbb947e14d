from django.core.management.base import BaseCommand, CommandError

from lotse.demo.cast import DEMO_PASSWORD, cast_logins
from lotse.demo.load import DemoRefused, demo_load


class Command(BaseCommand):
    help = "Load the Hannover region data and the demo cast with their cases; print the logins."

    def handle(self, *args, **options):
        try:
            demo_load()
        except DemoRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for key, email, organisation in cast_logins():
            self.stdout.write(f"  {key:28} {email:48} {organisation}")
