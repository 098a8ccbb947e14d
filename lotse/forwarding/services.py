"""Forwarding the pre-checked dossier to the authority competent on the day of forwarding."""

from django.db import transaction

from lotse.cases import events, notifications
from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.cases.guards import case_can_forward, dossier_problems
from lotse.cases.models import Case, ParticipantRole
from lotse.cases.services import participant_add
from lotse.cases.states import apply
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.orgs.models import Membership
from lotse.routing.services import agreement_authority_for, authority_choice_window


@transaction.atomic
def case_forward(*, case: Case, actor: Membership, reason: str = "") -> Case:
    """The chamber forwards the checked dossier to the authority that the region's dated rules name
    today (in Hannover: local authority until 30 Jun 2025, the employer's choice until 31 Dec 2025,
    the Zentralstelle at LAB NI from 1 Jan 2026; domain/authorities.md). The authority takes part
    from now on. A dossier whose pre-check is stale or missing, or whose checklist has gaps, goes
    only with the adviser's stated `reason`; the event records it with what was missing."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    reason = reason.strip()
    decision = case_can_forward(case=case, actor=actor, reason=reason)
    if not decision.allowed:
        raise DomainError(decision.code, **decision.details)
    override = {"override_reason": reason, "gaps": dossier_problems(case)} if reason else {}
    answer = agreement_authority_for(case=case, on=clock.today())
    if answer.status == "choice_required":
        window = authority_choice_window(region=case.company.region, on=clock.today())
        raise DomainError(CaseError.CHOICE_MISSING, **({"text": window.missing} if window else {}))
    if answer.organisation is None:
        raise DomainError(CaseError.NO_COMPETENT_AUTHORITY, reason=answer.reason)
    case.state = apply(case.state, EventType.DOSSIER_FORWARDED)
    case.save(update_fields=["state", "updated_at"])
    event = events.event_dossier_forwarded(
        case=case,
        actor=actor,
        authority=answer.organisation,
        reason=answer.reason,
        rule=answer.rule_id,
        **override,
    )
    participant_add(
        case=case, actor=actor, organisation=answer.organisation, role=ParticipantRole.AUTHORITY
    )
    notifications.notify(event)
    return case
