from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from lotse.cases.audit import audit_report


class Command(BaseCommand):
    help = (
        "Check every case's hash chain and personal values' commitments, compare the log with the "
        "case's columns and replay its state, participants and tracks; name the first problem of "
        "each broken case and every erased value."
    )

    def handle(self, *args, **options):
        report = audit_report()
        # Erased values are reported, not broken: one line a case, each value with -v 2.
        for reference, count in Counter(note.reference for note in report.erased).items():
            self.stdout.write(f"ERASED case {reference}: {count} personal values erased")
        if options["verbosity"] > 1:
            for note in report.erased:
                self.stdout.write(f"ERASED case {note.reference}: event {note.seq}: {note.problem}")
        for link in report.broken:
            self.stderr.write(
                f"BROKEN case {link.reference} ({link.case_id}): event {link.seq}: {link.problem}"
            )
        if report.broken:
            raise CommandError(f"{len(report.broken)} of {report.checked} case logs are broken.")
        erased = f" ({len(report.erased)} personal values erased)" if report.erased else ""
        self.stdout.write(f"OK: {report.checked} case logs verified{erased}.")
