"""Helpers for tests and the demo: bring a forwarded case on as the task worker and the authority
would (through the real services)."""

from lotse.cases.models import Case
from lotse.forwarding.models import Submission
from lotse.forwarding.services import current_submission, dossier_accept, submission_send
from lotse.orgs.models import Membership


def delivered(case: Case) -> Submission:
    """Deliver the case's newest submission now, as the worker does after the commit."""
    submission = current_submission(case)
    submission_send(submission_id=submission.pk)
    submission.refresh_from_db()
    return submission


def accepted(case: Case, *, authority: Membership) -> Case:
    """Deliver the case's newest submission and let `authority` accept the dossier."""
    delivered(case)
    return dossier_accept(case=Case.objects.get(pk=case.pk), actor=authority)
