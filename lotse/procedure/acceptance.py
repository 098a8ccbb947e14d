"""The one way the demo and the tests bring a forwarded case into the § 81a procedure.

The authority's acceptance of the dossier (`dossier.accepted` → `in_procedure`) belongs to
forwarding (the delivery contract's answer). Until that service is on main, `into_procedure`
appends the same event through the same transition table; once it is, only this function's body
changes to call it (nothing else appends `dossier.accepted` here)."""

from django.db import transaction

from lotse.cases import notifications
from lotse.cases.event_types import EventType
from lotse.cases.events import event_procedure
from lotse.cases.models import Case
from lotse.cases.states import apply
from lotse.core.errors import DomainError
from lotse.orgs.models import Membership
from lotse.procedure.errors import ProcedureError


@transaction.atomic
def into_procedure(*, case: Case, actor: Membership) -> Case:
    """The authority (`actor`) accepts the forwarded dossier: the case is in the procedure."""
    from lotse.cases.guards import acts_for_authority

    case = Case.objects.select_for_update().get(pk=case.pk)
    if not acts_for_authority(actor, case):
        raise DomainError(ProcedureError.NOT_YOUR_STEP)
    case.state = apply(case.state, EventType.DOSSIER_ACCEPTED)
    case.save(update_fields=["state", "updated_at"])
    notifications.notify(event_procedure(case=case, actor=actor, type=EventType.DOSSIER_ACCEPTED))
    return case
