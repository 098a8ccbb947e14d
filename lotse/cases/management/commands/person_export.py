from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from lotse.cases.export import export_json, platform_export
from lotse.cases.need_to_know import is_platform_admin
from lotse.cases.personal import WORKER


class Command(BaseCommand):
    help = (
        "A person's data export (Art. 15 GDPR) as JSON on standard output: the worker of the case "
        "REFERENCE, or a family member (--person ID), made by a platform administrator (--by "
        "E-MAIL) and recorded in the case's read log."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference")
        parser.add_argument(
            "--person", default=WORKER, help="a family member's id (default: worker)"
        )
        parser.add_argument("--by", required=True, help="e-mail of the platform administrator")

    def handle(self, *args, reference, person, by, **options):
        user = get_user_model().objects.filter(email__iexact=by).first()
        if user is None or not is_platform_admin(user) or user.memberships.exists():
            raise CommandError(f"{by} is not a platform administrator.")
        try:
            export = platform_export(reference=reference, person=person, user=user)
        except Http404:
            raise CommandError("No case with this reference and person was found.") from None
        self.stdout.write(export_json(export))
