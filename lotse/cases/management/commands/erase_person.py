from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lotse.cases.erasure import ErasureBasis, personal_data_erase
from lotse.cases.models import Case
from lotse.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Erase the personal data of a case (or of one person in it) on an erasure request "
        "(Art. 17 GDPR): values and salts through every registered erasure hook, never rows or "
        "events, recorded in the case's log with the administrator and the reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, help="the case's reference")
        parser.add_argument("--reason", required=True, help="why (e.g. the request's file number)")
        parser.add_argument(
            "--by",
            required=True,
            help="login (e-mail address) of the platform administrator erasing",
        )
        parser.add_argument(
            "--person",
            default=None,
            help='only this person: "worker" or a family member\'s id (default: everyone)',
        )

    def handle(self, *args, case, reason, by, person, **options):
        found = Case.objects.filter(reference=case).first()
        if found is None:
            raise CommandError(f"No case with the reference {case}.")
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: by}).first()
        if user is None:
            raise CommandError(f"No account with the login {by}.")
        try:
            event = personal_data_erase(
                case=found, basis=ErasureBasis.REQUEST, user=user, reason=reason, person=person
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        for name, count in event.payload["erased"].items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"Erased: case {found.reference}, recorded as event {event.seq}.")
