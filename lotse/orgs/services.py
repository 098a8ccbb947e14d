"""Every write to organisations, memberships and region places."""

import re
import secrets
from functools import partial
from pathlib import Path
from typing import Protocol

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from lotse.core.decision import Decision
from lotse.core.errors import DomainError
from lotse.orgs.audit import audit_record, membership_state
from lotse.orgs.errors import OrgError
from lotse.orgs.models import (
    AuditAction,
    Membership,
    Municipality,
    Organisation,
    OrgKind,
    RegisterKind,
    Role,
    Unit,
)

User = get_user_model()


class HandOverStep(Protocol):
    def __call__(
        self, *, leaving: Membership, successor: Membership, actor: Membership
    ) -> None: ...


# What apps above orgs hand over when a membership ends, registered by their AppConfig.ready():
# orgs must not import them (they depend on orgs), yet no case may be left with nobody in charge.
_hand_over_steps: list[HandOverStep] = []


def hand_over_step_register(step: HandOverStep) -> HandOverStep:
    """Run `step` whenever a membership ends (idempotent: registering twice runs it once)."""
    if step not in _hand_over_steps:
        _hand_over_steps.append(step)
    return step


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@transaction.atomic
def region_load(*, region_dir: Path) -> list[Organisation]:
    """Create or update the region's partners, their default contact persons and its places from
    the region folder (`regions/<name>/`). Idempotent: running it again changes only what changed."""
    region = _read(region_dir / "region.yaml")["key"]
    organisations = [
        _organisation_load(entry, region=region)
        for entry in _read(region_dir / "organisations.yaml")["organisations"]
    ]
    for entry in _read(region_dir / "municipalities.yaml")["municipalities"]:
        Municipality.objects.update_or_create(
            key=entry["key"],
            region=region,
            defaults={
                "name": entry["name"],
                "official_name": entry.get("official_name", ""),
                "ags": entry.get("ags", ""),
                "postcodes": entry.get("postcodes", []),
            },
        )
    return organisations


def _organisation_load(entry: dict, *, region: str) -> Organisation:
    organisation, _created = Organisation.objects.update_or_create(
        key=entry["key"],
        defaults={
            "kind": entry["kind"],
            "name": entry["name"],
            "short_name": entry.get("short_name", ""),
            "email": entry.get("email", ""),
            "address": entry.get("address", ""),
            "region": region,
        },
    )
    units = {
        unit["key"]: Unit.objects.update_or_create(
            organisation=organisation,
            key=unit["key"],
            defaults={"kind": unit["kind"], "name": unit["name"]},
        )[0]
        for unit in entry.get("units", [])
    }
    contact = entry.get("default_contact")
    if contact and contact.get("email"):
        first, _space, last = contact["name"].partition(" ")
        membership = membership_create(
            organisation=organisation,
            email=contact["email"],
            first_name=first,
            last_name=last,
            role=Role.ADVISER,
            phone=contact.get("phone", ""),
            unit=units.get(contact.get("unit", "")),
        )
        organisation.default_contact = membership
        organisation.save(update_fields=["default_contact", "updated_at"])
    return organisation


def organisation_create(
    *,
    key: str,
    kind: str,
    name: str,
    short_name: str = "",
    trade: str = "",
    region: str | None = None,
) -> Organisation:
    """A new organisation, typically a company registering on the platform (in the platform's
    region, `LOTSE_REGION`, unless another is named)."""
    return Organisation.objects.create(
        key=key,
        kind=kind,
        name=name,
        short_name=short_name,
        trade=trade,
        region=region or settings.LOTSE_REGION,
    )


def membership_create(
    *,
    organisation: Organisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str = Role.MEMBER,
    phone: str = "",
    actor=None,
    unit: Unit | None = None,
) -> Membership:
    """Add a person (found or created by e-mail) to an organisation in a role (and `unit`, one of
    its units); a returning member's role and name are updated and the membership becomes active
    again. `actor` is the user who makes the change (None: the platform, e.g. loading the
    region); every change is logged."""
    _check_unit(unit, organisation)
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    decision = membership_can_be_given(user=user)
    if not decision:
        raise DomainError(decision.code)
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    before = membership_state(membership)
    if membership is None:
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=role, phone=phone, unit=unit
        )
    else:
        _keep_one_admin(membership, role=role, active=True)
        membership.role = role
        membership.active = True
        membership.phone = phone or membership.phone
        membership.unit = unit or membership.unit
        membership.save(update_fields=["role", "active", "phone", "unit", "updated_at"])
    _log_membership(membership, actor=actor, before=before)
    return membership


def _check_unit(unit: Unit | None, organisation: Organisation) -> None:
    if unit is not None and unit.organisation_id != organisation.pk:
        raise DomainError(OrgError.UNIT_NOT_OURS, field="unit")


@transaction.atomic
def membership_set_unit(
    *, actor: Membership, membership: Membership, unit: Unit | None
) -> Membership:
    """An organisation's admin puts a colleague in one of its units (or none: the organisation as
    a whole); what the colleague sees of the cases the organisation takes part in follows
    (`cases.need_to_know`). Logged with the old and new unit."""
    _org_admin_check(actor, membership)
    _lock_organisation(membership.organisation_id)
    membership = Membership.objects.select_related("organisation", "user", "unit").get(
        pk=membership.pk
    )
    _check_unit(unit, membership.organisation)
    before = membership_state(membership)
    membership.unit = unit
    membership.save(update_fields=["unit", "updated_at"])
    _log_membership(membership, actor=actor.user, before=before)
    return membership


def unit_of_kind(*, organisation_id, kind: str) -> Unit | None:
    """The organisation's unit of `kind` (the first by key), or None where it has none."""
    return Unit.objects.filter(organisation_id=organisation_id, kind=kind).order_by("key").first()


def membership_can_be_given(*, user) -> Decision:
    """A platform administrator (staff or superuser) is never a member: through a membership
    it would read dossiers without any organisation answering for it."""
    if user.is_staff or user.is_superuser:
        return Decision.no(OrgError.PLATFORM_ADMIN_NO_MEMBERSHIP)
    return Decision.yes()


def _log_membership(membership: Membership, *, actor, before: dict) -> None:
    after = membership_state(membership)
    if after == before:
        return  # loading the region again changes nothing, so it logs nothing
    if not before:
        action = AuditAction.MEMBERSHIP_ADDED
    elif not after["active"]:
        action = AuditAction.MEMBERSHIP_ENDED
    else:
        action = AuditAction.MEMBERSHIP_CHANGED
    audit_record(
        organisation=membership.organisation,
        actor=actor,
        subject=membership.user,
        action=action,
        old=before,
        new=after,
    )


def _org_admin_check(actor: Membership, target: Membership) -> None:
    if actor.role != Role.ADMIN or actor.organisation_id != target.organisation_id:
        raise DomainError(OrgError.NOT_ORG_ADMIN)


@transaction.atomic
def membership_add(
    *, actor: Membership, email: str, first_name: str, last_name: str, role: str
) -> Membership:
    """An organisation's admin adds a person to their own organisation; a person without a
    password is invited by mail to choose one."""
    if actor.role != Role.ADMIN:
        raise DomainError(OrgError.NOT_ORG_ADMIN)
    membership = membership_create(
        organisation=actor.organisation,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        actor=actor.user,
    )
    if not membership.user.has_usable_password():
        from lotse.accounts.tasks import send_invitation

        transaction.on_commit(
            partial(send_invitation.enqueue, membership.user_id, str(actor.organisation))
        )
    return membership


@transaction.atomic
def membership_change_role(*, actor: Membership, membership: Membership, role: str) -> Membership:
    """An organisation's admin changes a colleague's role; the last admin cannot step down."""
    _org_admin_check(actor, membership)
    return _membership_set(membership, by=actor.user, role=role, active=membership.active)


@transaction.atomic
def membership_deactivate(*, actor: Membership, membership: Membership) -> Membership:
    """An organisation's admin ends a colleague's membership (history stays; login to it stops)."""
    _org_admin_check(actor, membership)
    membership = _membership_set(membership, by=actor.user, role=membership.role, active=False)
    organisation = membership.organisation
    if organisation.default_contact_id == membership.pk:
        organisation.default_contact = actor  # until the admin names another
        organisation.save(update_fields=["default_contact", "updated_at"])
    _hand_over_cases(leaving=membership, actor=actor)
    return membership


def _hand_over_cases(*, leaving: Membership, actor: Membership) -> None:
    """Let every app above orgs hand over what the leaving person was in charge of (cases hand
    their named contacts to the organisation's default contact), in this transaction."""
    successor = leaving.organisation.default_contact or actor
    for step in _hand_over_steps:
        step(leaving=leaving, successor=successor, actor=actor)


def _membership_set(membership: Membership, *, by, role: str, active: bool) -> Membership:
    """Set role and active under the organisation's row lock, keep one active admin, log it."""
    _lock_organisation(membership.organisation_id)
    membership = Membership.objects.select_related("organisation", "user").get(pk=membership.pk)
    before = membership_state(membership)
    _keep_one_admin(membership, role=role, active=active)
    membership.role, membership.active = role, active
    membership.save(update_fields=["role", "active", "updated_at"])
    _log_membership(membership, actor=by, before=before)
    return membership


def _lock_organisation(organisation_id) -> None:
    """Changes to one organisation's people wait for each other: two admins demoting each other
    at once would each see the other still admin and leave none (PostgreSQL row lock)."""
    list(Organisation.objects.select_for_update().filter(pk=organisation_id).values_list("pk"))


def _keep_one_admin(membership: Membership, *, role: str, active: bool) -> None:
    """Refuse a change that leaves the organisation without an active admin. Takes the
    organisation's row lock first (held till the transaction ends; taking it again is harmless),
    so the count of admins cannot change underneath."""
    _lock_organisation(membership.organisation_id)
    decision = membership_can_change(membership=membership, role=role, active=active)
    if not decision:
        raise DomainError(decision.code)


def membership_can_change(*, membership: Membership, role: str, active: bool) -> Decision:
    """May `membership` get `role` and `active`? Not when that leaves its organisation without an
    active admin (the services ask under the organisation's lock; the admin's form asks too)."""
    stays_admin = role == Role.ADMIN and active
    if membership.role != Role.ADMIN or not membership.active or stays_admin:
        return Decision.yes()
    admins = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.ADMIN, active=True
    ).exclude(pk=membership.pk)
    return Decision.yes() if admins.exists() else Decision.no(OrgError.LAST_ADMIN)


@transaction.atomic
def membership_grant(*, by, organisation: Organisation, user, role: str, phone: str = ""):
    """A platform administrator gives a person a membership (the Django admin's one way to add
    one); refused for any platform administrator, itself included; logged like every change."""
    return membership_create(
        organisation=organisation, email=user.email, role=role, phone=phone, actor=by
    )


@transaction.atomic
def membership_admin_change(*, by, membership: Membership, role: str, active: bool) -> Membership:
    """A platform administrator changes a membership's role or ends it (the admin's way)."""
    if active:
        decision = membership_can_be_given(user=membership.user)
        if not decision:
            raise DomainError(decision.code)
    return _membership_set(membership, by=by, role=role, active=active)


@transaction.atomic
def membership_devices_reset(*, actor: Membership, membership: Membership) -> int:
    """An organisation's admin removes a colleague's second-factor devices (a lost phone); the
    colleague sets up a new app at the next login. Logged through `accounts.devices`."""
    from lotse.accounts.devices import devices_remove

    _org_admin_check(actor, membership)
    return devices_remove(user=membership.user, actor=actor.user)


# A commercial register entry is named by its court and number (§ 8 HGB; the number alone repeats
# from court to court): "Amtsgericht Hannover HRB 12345". The register's kinds: HRA, HRB, the
# cooperative (GnR), partnership (PR), association (VR) and civil-law partnership (GsR) registers.
COMMERCIAL = re.compile(
    r"^(?P<court>\S.*?)\s+(?P<kind>HRA|HRB|GNR|PR|VR|GSR)\s*(?P<number>\d{1,6})"
    r"(?:\s*(?P<suffix>[A-Z]{1,2}))?$",
    re.IGNORECASE,
)
REGISTER_KINDS_SPELT = {"GNR": "GnR", "GSR": "GsR"}


def register_number_clean(*, kind: str, number: str) -> str:
    """The register number in one spelling, or DomainError(register_number_bad) naming the field.
    A Betriebsnummer has eight digits (§ 18i SGB IV); a commercial register entry its court."""
    text = " ".join(number.split())
    if kind == RegisterKind.ESTABLISHMENT:
        digits = text.replace(" ", "")
        if re.fullmatch(r"\d{8}", digits):
            return digits
    elif kind == RegisterKind.COMMERCIAL and (match := COMMERCIAL.match(text)):
        register = match["kind"].upper()
        register = REGISTER_KINDS_SPELT.get(register, register)
        suffix = f" {match['suffix'].upper()}" if match["suffix"] else ""
        return f"{match['court']} {register} {match['number']}{suffix}"
    raise DomainError(OrgError.REGISTER_NUMBER_BAD, field="register_number")


def register_number_taken(*, kind: str, number: str) -> bool:
    return Organisation.objects.filter(register_kind=kind, register_number=number).exists()


@transaction.atomic
def company_join(
    *,
    by,
    name: str,
    trade: str,
    register_kind: str,
    register_number: str,
    admin_email: str,
    admin_first_name: str,
    admin_last_name: str,
    region: str | None = None,
) -> Membership:
    """A company not yet on the platform joins it on a partner's confirmation (the adviser of a
    first consultation booked on the public page): the organisation with its register number,
    and its first administrator, invited by mail to choose a password. `by` (the confirming
    partner's user) is named in the new organisation's audit log."""
    number = register_number_clean(kind=register_kind, number=register_number)
    if register_number_taken(kind=register_kind, number=number):
        raise DomainError(OrgError.REGISTER_NUMBER_TAKEN, field="register_number")
    organisation = organisation_create(
        key=f"{slugify(name)[:60] or 'company'}-{secrets.token_hex(3)}",
        kind=OrgKind.COMPANY,
        name=name.strip(),
        trade=trade,
        region=region,
    )
    organisation.register_kind, organisation.register_number = register_kind, number
    organisation.save(update_fields=["register_kind", "register_number", "updated_at"])
    admin = membership_create(
        organisation=organisation,
        email=admin_email,
        first_name=admin_first_name,
        last_name=admin_last_name,
        role=Role.ADMIN,
        actor=by,
    )
    organisation.default_contact = admin
    organisation.save(update_fields=["default_contact", "updated_at"])
    if not admin.user.has_usable_password():
        from lotse.accounts.tasks import send_invitation

        transaction.on_commit(partial(send_invitation.enqueue, admin.user_id, organisation.name))
    return admin
