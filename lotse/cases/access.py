"""The read log: every view of a case's data by a person is recorded (who, for whom, when, what)."""

from lotse.cases.models import Case, CaseAccess
from lotse.core import clock
from lotse.orgs.middleware import membership_of


def access_record(*, request, case: Case, action: str) -> CaseAccess:
    """Record that the requesting person read `case` (`action`: e.g. "page", "api.case")."""
    membership = membership_of(request)
    return CaseAccess.objects.create(
        case=case,
        user=request.user,
        organisation_id=membership.organisation_id if membership else None,
        action=action,
        at=clock.now(),
    )
