from lotse.cases.management.commands.audit import Command as Audit


class Command(Audit):
    help = "The same as `audit verify`."

    def add_arguments(self, parser):
        pass

    def handle(self, *args, **options):
        self._verify(**options)
