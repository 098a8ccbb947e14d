"""Units of organisations: from the region data, memberships in units changed by the
organisation's admin through the service that writes the organisation audit log."""

import pytest

from lotse.core.errors import DomainError
from lotse.orgs.models import AuditAction, Membership, OrgAuditEntry, Role, Unit
from lotse.orgs.services import membership_create, membership_set_unit

pytestmark = pytest.mark.django_db


def test_the_region_data_names_the_units_and_the_default_contacts_unit(cast):
    agency = cast("aa_caseworker").organisation
    kinds = set(Unit.objects.filter(organisation=agency).values_list("kind", flat=True))
    assert kinds == {"consent_team", "employer_service"}
    assert cast("aa_caseworker").unit.kind == "consent_team"
    assert cast("jobcenter_employer_service").unit.kind == "employer_service"


def test_the_admin_moves_a_colleague_between_units_and_the_log_keeps_it(cast):
    agency = cast("aa_caseworker").organisation
    admin = membership_create(
        organisation=agency, email="admin@arbeitsagentur.example", role=Role.ADMIN
    )
    colleague = cast("aa_caseworker")
    employer_service = Unit.objects.get(organisation=agency, key="arbeitgeber-service")
    membership_set_unit(actor=admin, membership=colleague, unit=employer_service)
    assert Membership.objects.get(pk=colleague.pk).unit == employer_service
    entry = OrgAuditEntry.objects.filter(organisation=agency, subject=colleague.user).first()
    assert entry.action == AuditAction.MEMBERSHIP_CHANGED and entry.actor == admin.user
    assert entry.old["unit"] == "zustimmung" and entry.new["unit"] == "arbeitgeber-service"
    membership_set_unit(actor=admin, membership=colleague, unit=None)
    assert "unit" not in OrgAuditEntry.objects.filter(subject=colleague.user).first().new


def test_only_the_admin_and_only_with_the_organisations_own_units(cast):
    colleague = cast("aa_caseworker")
    jobcenter_unit = Unit.objects.get(organisation=cast("jobcenter_employer_service").organisation)
    with pytest.raises(DomainError) as refusal:
        membership_set_unit(actor=colleague, membership=colleague, unit=None)
    assert refusal.value.code == "not_org_admin"
    admin = membership_create(
        organisation=colleague.organisation, email="admin@arbeitsagentur.example", role=Role.ADMIN
    )
    with pytest.raises(DomainError) as refusal:
        membership_set_unit(actor=admin, membership=colleague, unit=jobcenter_unit)
    assert refusal.value.code == "unit_not_ours" and refusal.value.details["field"] == "unit"
    assert Membership.objects.get(pk=colleague.pk).unit.key == "zustimmung"
