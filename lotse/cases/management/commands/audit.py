import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from lotse.cases.audit import audit_report
from lotse.cases.models import Case
from lotse.cases.sealing.seal import seal_create
from lotse.cases.sealing.tombstones import case_remove
from lotse.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "verify: check every case's keyed chain against the last seal that verifies, its personal "
        "values' commitments, its columns, state, participants and tracks, and name each broken "
        "or missing case. seal: write a signed seal of every case's head. remove: delete a case "
        "(platform administrator) and leave a signed tombstone."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("verify", help="check every case against the last seal")
        actions.add_parser("seal", help="seal every case's head")
        remove = actions.add_parser("remove", help="remove a case, leaving a signed tombstone")
        remove.add_argument("reference")
        remove.add_argument("--reason", required=True)
        remove.add_argument("--by", required=True, help="the platform administrator's login")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _verify(self, **options):
        started = time.monotonic()

        def progress(checked: int) -> None:
            rate = checked / max(time.monotonic() - started, 1e-9)
            sys.stderr.write(f"{checked} cases checked ... ({rate:.0f} a second)\n")

        def erased(notes) -> None:
            # Erased values are reported, not broken: one line a case, each value with -v 2.
            self.stdout.write(
                f"ERASED case {notes[0].reference}: {len(notes)} personal values erased"
            )
            if options["verbosity"] > 1:
                for note in notes:
                    self.stdout.write(
                        f"ERASED case {note.reference}: event {note.seq}: {note.problem}"
                    )

        report = audit_report(progress=progress, on_erased=erased)
        for problem in report.seal_problems:
            self.stderr.write(f"SEAL {problem}")
        if report.seal is None:
            self.stdout.write("No seal verifies: only the chains and the columns were checked.")
        for note in report.removed:
            self.stdout.write(f"REMOVED case {note.reference} ({note.case_id}): {note.problem}")
        for link in report.broken:
            self.stderr.write(
                f"BROKEN case {link.reference} ({link.case_id}): event {link.seq}: {link.problem}"
            )
        if report.failed:
            raise CommandError(
                f"{len(report.broken)} case logs broken of {report.checked} checked, "
                f"{len(report.seal_problems)} seal problems."
            )
        erased = f" ({report.erased_values} personal values erased)" if report.erased_values else ""
        against = f" against seal {report.seal}" if report.seal else ""
        self.stdout.write(f"OK: {report.checked} case logs verified{against}{erased}.")

    def _seal(self, **options):
        seal = seal_create()
        if seal is None:
            self.stdout.write("Nothing changed since the last seal.")
        else:
            self.stdout.write(f"Seal {seal.number}: {seal.tree_size} cases, root {seal.root}.")

    def _remove(self, *, reference, reason, by, **options):
        case = Case.objects.filter(reference=reference).first()
        users = get_user_model().objects
        user = users.filter(**{users.model.USERNAME_FIELD: by}).first()
        if case is None or user is None:
            raise CommandError("No such case or user.")
        try:
            path = case_remove(case=case, user=user, reason=reason)
        except DomainError as error:
            raise CommandError(error.message) from error
        except ProtectedError as error:
            raise CommandError(f"Rows of other parts still refer to the case: {error}") from error
        self.stdout.write(f"Removed case {reference}; tombstone {path}.")
