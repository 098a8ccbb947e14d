"""The forwarding step, declared here (above `cases`) and registered into the case's step table."""

from django.utils.translation import gettext_lazy as _

from lotse.cases.guards import case_can_forward
from lotse.cases.models import ParticipantRole
from lotse.cases.schemas import ForwardIn
from lotse.cases.step_forms import ForwardForm
from lotse.cases.steps import Step, step_register
from lotse.forwarding.services import case_forward


def _authority(case, result, form) -> dict:
    authority = case.participants.select_related("organisation").get(role=ParticipantRole.AUTHORITY)
    return {"name": str(authority.organisation)}


FORWARD = step_register(
    Step(
        key="forward",
        summary="Forward the dossier to the authority competent today",
        label=_("Forward to the competent authority"),
        service=case_forward,
        guard=case_can_forward,
        form=ForwardForm,
        schema=ForwardIn,
        done=_("Forwarded to %(name)s."),
        facts=_authority,
        style="primary",
    )
)
