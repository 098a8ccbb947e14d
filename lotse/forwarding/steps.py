"""The forwarding steps, declared here (above `cases`) and registered into the case's step table:
the chamber forwards, the authority accepts the delivered dossier or rejects it with reasons."""

from django.utils.translation import gettext_lazy as _
from pydantic import Field

from lotse.cases.guards import case_can_forward
from lotse.cases.models import ParticipantRole
from lotse.cases.schemas import REASON, ForwardIn, StepIn
from lotse.cases.step_forms import ForwardForm, StepForm
from lotse.cases.steps import Step, step_register
from lotse.forwarding.forms import RejectDossierForm
from lotse.forwarding.services import (
    case_forward,
    dossier_accept,
    dossier_can_receive,
    dossier_reject,
)


def _authority(case, result, form) -> dict:
    authority = case.participants.select_related("organisation").get(
        role=ParticipantRole.AUTHORITY, seen_until__isnull=True
    )
    return {"name": str(authority.organisation)}


class RejectDossierIn(StepIn):
    text: str = Field(
        description="Why the dossier is rejected (the chamber and the company read it)", **REASON
    )


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

ACCEPT_DOSSIER = step_register(
    Step(
        key="accept_dossier",
        summary="Accept the delivered dossier: the § 81a procedure starts",
        label=_("Accept the dossier (§ 81a AufenthG procedure starts)"),
        service=dossier_accept,
        guard=dossier_can_receive,
        form=StepForm,
        schema=StepIn,
        done=_("Dossier accepted: the § 81a procedure has started."),
        style="primary",
    )
)

REJECT_DOSSIER = step_register(
    Step(
        key="reject_dossier",
        summary="Reject the delivered dossier with reasons: it goes back to the chamber",
        label=_("Reject the dossier and send it back to the chamber"),
        service=dossier_reject,
        guard=dossier_can_receive,
        form=RejectDossierForm,
        schema=RejectDossierIn,
        done=_("Dossier rejected: the chamber has the reasons."),
        confirm=_("Reject the dossier"),
        style="danger",
    )
)
