"""The organisation audit log: one entry per change of an organisation's people (memberships,
roles, second-factor devices) or of its API keys (made, revoked), naming who changed what for
whom, old and new."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lotse.core import clock
from lotse.orgs.models import (
    ApiScope,
    Membership,
    Organisation,
    OrgAuditEntry,
    Role,
    role_title_for,
)


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
    """What the log keeps of a membership: its role, whether it is active, and its unit."""
    if membership is None:
        return {}
    state = {"role": membership.role, "active": membership.active}
    if membership.unit_id is not None:
        state["unit"] = membership.unit.key
    return state


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


def audit_values_text(
    values: dict, kind: str | None = None, units: dict[str, str] | None = None
) -> str:
    """An entry's old or new values in words, for the people page (a role in the words of the
    organisation's `kind`, as the page's role column names it; a unit by its name in `units`,
    keyed by the unit's key, else by its key)."""
    parts = []
    if "key" in values:
        parts.append(
            _("API key “%(name)s” (%(prefix)s…), scopes: %(scopes)s")
            % {
                "name": values["key"],
                "prefix": values.get("prefix", ""),
                "scopes": ", ".join(
                    str(dict(ApiScope.choices).get(scope, scope))
                    for scope in values.get("scopes", [])
                ),
            }
        )
    if values.get("revoked"):
        parts.append(_("revoked"))
    if "role" in values:
        role = role_title_for(values["role"], kind) if kind else Role(values["role"]).label
        parts.append(_("Role: %(role)s") % {"role": role})
    if "unit" in values:
        name = (units or {}).get(values["unit"], values["unit"])
        parts.append(_("Unit: %(unit)s") % {"unit": name})
    if "active" in values:
        parts.append(_("active") if values["active"] else _("ended"))
    if values.get("devices") or values.get("device"):
        parts.append(_("authenticator app"))
    return ", ".join(str(part) for part in parts)
