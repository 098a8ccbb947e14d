"""The organisation audit log: one entry per change of an organisation's people (memberships,
roles, second-factor devices), naming who changed what for whom, old and new."""

from django.db.models import QuerySet

from lotse.core import clock
from lotse.orgs.models import Membership, Organisation, OrgAuditEntry


def audit_record(
    *, organisation: Organisation, actor, subject, action: str, old: dict, new: dict
) -> OrgAuditEntry:
    """Append one entry (`actor` None: the platform itself, e.g. loading the region data)."""
    return OrgAuditEntry.objects.create(
        organisation=organisation,
        actor=actor,
        subject=subject,
        action=action,
        old=old,
        new=new,
        at=clock.now(),
    )


def membership_state(membership: Membership | None) -> dict:
    """What the log keeps of a membership: its role and whether it is active."""
    if membership is None:
        return {}
    return {"role": membership.role, "active": membership.active}


def device_change_record(*, actor, subject, action: str, old: dict, new: dict) -> None:
    """Recorder for `accounts.devices`: the change enters the log of every organisation the
    person is an active member of (each one's admins answer for their people's second factor)."""
    memberships = Membership.objects.filter(user=subject, active=True).select_related(
        "organisation"
    )
    for membership in memberships:
        audit_record(
            organisation=membership.organisation,
            actor=actor,
            subject=subject,
            action=action,
            old=old,
            new=new,
        )


def audit_log_of(*, organisation: Organisation, limit: int = 50) -> QuerySet[OrgAuditEntry]:
    """The latest entries of one organisation's log, newest first (the people page shows them)."""
    return OrgAuditEntry.objects.filter(organisation=organisation).select_related(
        "actor", "subject"
    )[:limit]
