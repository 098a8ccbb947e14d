"""`case_remove`: the one way a case leaves the database, for the platform administrator.

Cases are not deleted otherwise (no service, view or admin action does). Where one must go, its
rows go with it and a tombstone signed with the seal key stays in the seal directory: the case, its
last seq and head, the reason and who removed it. The next seal lists it, and `audit verify`
accepts the case's absence against a seal that still holds it only with a tombstone that verifies.
"""

from pathlib import Path

from django.db import transaction

from lotse.cases.errors import CaseError
from lotse.cases.models import Case
from lotse.cases.sealing.signing import document_sign
from lotse.cases.sealing.store import document_write, tombstone_path
from lotse.core import clock
from lotse.core.errors import DomainError

FORMAT = "lotse-tombstone/1"


@transaction.atomic
def case_remove(*, case: Case, user, reason: str) -> Path:
    """Delete `case` with all its rows and write its signed tombstone; returns its path."""
    if not (user.is_active and user.is_superuser):
        raise DomainError(CaseError.NOT_PLATFORM_ADMIN)
    if not reason.strip() or "\x00" in reason:
        raise DomainError(CaseError.REASON_REQUIRED)
    case = Case.objects.select_for_update().get(pk=case.pk)
    body = {
        "format": FORMAT,
        "case": str(case.pk),
        "reference": case.reference,
        "seq": case.log_seq,
        "head": case.log_head,
        "reason": reason.strip(),
        "by": user.get_username(),
        "time": clock.now().isoformat(timespec="microseconds"),
    }
    Case.objects.filter(pk=case.pk).delete()
    # Written last: where it fails, the deletion rolls back; where the commit fails after it, a
    # tombstone names a case still present, which `audit verify` checks as any other.
    path = tombstone_path(case.pk)
    document_write(path, document_sign(body))
    return path
