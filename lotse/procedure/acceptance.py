"""The one way the demo and the tests bring a forwarded case into the § 81a procedure: its
submission delivered (as the task worker does after the commit) and the dossier accepted by the
authority through forwarding's own service (`dossier.accepted` → `in_procedure`)."""

from lotse.cases.models import Case
from lotse.forwarding.testing import accepted
from lotse.orgs.models import Membership


def into_procedure(*, case: Case, actor: Membership) -> Case:
    """The authority (`actor`) accepts the forwarded dossier: the case is in the procedure."""
    return accepted(case, authority=actor)
