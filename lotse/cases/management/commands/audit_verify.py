from django.core.management.base import BaseCommand, CommandError

from lotse.cases.log import audit_verify


class Command(BaseCommand):
    help = (
        "Check every case's hash chain and replay its state, participants and tracks; name the "
        "first broken link or disagreement of each case."
    )

    def handle(self, *args, **options):
        checked, broken = audit_verify()
        for link in broken:
            self.stderr.write(
                f"BROKEN case {link.reference} ({link.case_id}): event {link.seq}: {link.problem}"
            )
        if broken:
            raise CommandError(f"{len(broken)} of {checked} case logs are broken.")
        self.stdout.write(f"OK: {checked} case logs verified.")
