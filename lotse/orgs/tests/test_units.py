"""Units of organisations: from the region data, memberships in units changed by the
organisation's admin through the service that writes the organisation audit log."""

import pytest
from django.urls import reverse

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


# The people page: the admin sees each member's unit and changes it there.


@pytest.fixture
def agency_admin(cast, client):
    """An admin of the Agentur für Arbeit (an organisation with units), logged in."""
    admin = membership_create(
        organisation=cast("aa_caseworker").organisation,
        email="admin@arbeitsagentur.example",
        role=Role.ADMIN,
    )
    client.force_login(admin.user)
    return admin


def _set_unit(client, membership, value):
    return client.post(
        reverse("orgs:person_unit", args=[membership.pk]),
        {"unit": value},
        HTTP_ACCEPT_LANGUAGE="de",
        follow=True,
    )


def test_the_people_page_shows_each_members_unit_and_the_admin_changes_it(
    agency_admin, cast, client
):
    colleague = cast("aa_caseworker")
    employer_service = Unit.objects.get(
        organisation=colleague.organisation, key="arbeitgeber-service"
    )
    page = client.get(reverse("orgs:people"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert ">Einheit</th>" in page
    form_at = page.index(reverse("orgs:person_unit", args=[colleague.pk]))
    form = page[form_at : page.index("</form>", form_at)]
    assert "selected>Arbeitsmarktzulassung (Zustimmungsteam)</option>" in form
    assert "Keine Einheit (die Organisation als Ganzes)" in form
    assert "Gemeinsamer Arbeitgeber-Service" not in form  # the Jobcenter's unit: not offered

    response = _set_unit(client, colleague, str(employer_service.pk))
    assert "Die Einheit wurde geändert." in response.content.decode()
    assert Membership.objects.get(pk=colleague.pk).unit == employer_service
    entry = OrgAuditEntry.objects.filter(subject=colleague.user).first()
    assert entry.actor == agency_admin.user and entry.new["unit"] == "arbeitgeber-service"
    page = response.content.decode()
    assert "Einheit: Arbeitsmarktzulassung (Zustimmungsteam)" in page  # the change, before
    assert "Einheit: Arbeitgeber-Service" in page  # and after

    _set_unit(client, colleague, "")
    assert Membership.objects.get(pk=colleague.pk).unit is None


def test_a_foreign_unit_a_foreign_member_or_no_admin_changes_nothing(agency_admin, cast, client):
    colleague = cast("aa_caseworker")
    jobcenter_person = cast("jobcenter_employer_service")
    jobcenter_unit = jobcenter_person.unit
    entries = OrgAuditEntry.objects.count()

    response = _set_unit(client, colleague, str(jobcenter_unit.pk))
    assert "Einheit: Wählen Sie eine Organisationseinheit dieser Organisation." in (
        response.content.decode()
    )
    response = _set_unit(client, colleague, "not-a-unit")
    assert "Einheit: Wählen Sie" in response.content.decode()
    assert Membership.objects.get(pk=colleague.pk).unit.key == "zustimmung"

    # a member of another organisation is not found from here
    assert _set_unit(client, jobcenter_person, "").status_code == 404
    assert Membership.objects.get(pk=jobcenter_person.pk).unit == jobcenter_unit

    # a member who is no admin is refused, in words
    client.force_login(colleague.user)
    response = _set_unit(client, colleague, "")
    assert response.status_code == 403
    assert Membership.objects.get(pk=colleague.pk).unit.key == "zustimmung"
    assert OrgAuditEntry.objects.count() == entries


def test_no_unit_column_where_the_organisation_has_no_units(login):
    page = login("company_admin").get(reverse("orgs:people")).content.decode()
    assert ">Unit</th>" not in page and "/unit/" not in page
