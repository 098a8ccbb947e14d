"""The platform administrator manages organisations but never becomes a member of one; every
change of memberships, roles and second-factor devices is in the organisation audit log."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotse.core.errors import DomainError
from lotse.orgs import services
from lotse.orgs.models import Membership, Organisation, OrgAuditEntry


@pytest.fixture
def superuser(cast):
    return cast("platform_admin").user


@pytest.fixture
def welcome_center(db):
    return Organisation.objects.get(key="welcome-center")


def test_the_superuser_cannot_add_itself_to_an_organisation_in_the_admin(
    client, superuser, welcome_center
):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:orgs_membership_add"),
        {
            "user": superuser.pk,
            "organisation": welcome_center.pk,
            "role": "adviser",
            "active": "on",
        },
    )
    assert response.status_code == 200  # the form again, with the refusal
    errors = response.context["adminform"].form.non_field_errors().as_data()
    assert [error.code for error in errors] == ["platform_admin_no_membership"]
    assert not Membership.objects.filter(user=superuser).exists()
    assert not OrgAuditEntry.objects.filter(subject=superuser).exists()


def test_the_services_refuse_a_platform_administrator_a_membership(superuser, welcome_center):
    with pytest.raises(DomainError) as refused:
        services.membership_grant(
            by=superuser, organisation=welcome_center, user=superuser, role="adviser"
        )
    assert refused.value.code == "platform_admin_no_membership"
    assert not Membership.objects.filter(user=superuser).exists()


def test_an_org_admin_cannot_add_the_platform_administrator_either(login, superuser):
    client = login("company_admin")
    client.post(
        reverse("orgs:people"),
        {"email": superuser.email, "first_name": "P", "last_name": "P", "role": "admin"},
    )
    assert not Membership.objects.filter(user=superuser).exists()


def test_a_member_cannot_be_made_a_platform_administrator(client, superuser, cast):
    member = cast("welcome_adviser").user
    client.force_login(superuser)
    page = client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data |= {"is_staff": "on", "is_superuser": "on", "email": member.email}
    data.pop("password", None)
    data = {k: v for k, v in data.items() if k not in ("groups", "user_permissions")}
    client.post(reverse("admin:accounts_user_change", args=[member.pk]), data)
    member.refresh_from_db()
    assert not member.is_superuser and not member.is_staff


def test_the_totp_device_admin_is_not_registered(client, superuser):
    assert not admin.site.is_registered(TOTPDevice)
    client.force_login(superuser)
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 404


def test_a_role_change_in_the_admin_goes_through_the_services_and_is_logged(
    client, superuser, cast
):
    adviser = cast("welcome_adviser")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:orgs_membership_change", args=[adviser.pk]),
        {"role": "lead", "active": "on"},
    )
    assert response.status_code == 302
    entry = OrgAuditEntry.objects.get(subject=adviser.user, actor=superuser)
    assert entry.organisation == adviser.organisation and entry.action == "membership.changed"
    # the region data puts the Welcome Center's default contact in its business development
    unit = {"unit": "wirtschaftsfoerderung"}
    assert entry.old == {"role": "adviser", "active": True} | unit
    assert entry.new == {"role": "lead", "active": True} | unit
    assert client.get(reverse("admin:orgs_membership_delete", args=[adviser.pk])).status_code == 403


def test_the_admin_cannot_end_the_last_org_admin(client, superuser, cast):
    last = cast("company_admin")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:orgs_membership_change", args=[last.pk]), {"role": "member", "active": "on"}
    )
    assert response.status_code == 200
    last.refresh_from_db()
    assert last.role == "admin"


def test_the_people_page_writes_the_same_log_and_shows_it(login, cast):
    admin_membership = cast("company_admin")
    client = login("company_admin")
    client.post(
        reverse("orgs:people"),
        {
            "email": "neu@mueller-technik.example",
            "first_name": "N",
            "last_name": "N",
            "role": "member",
        },
    )
    added = Membership.objects.get(user__email="neu@mueller-technik.example")
    client.post(reverse("orgs:person_role", args=[added.pk]), {"role": "lead"})
    client.post(reverse("orgs:person_deactivate", args=[added.pk]))
    entries = OrgAuditEntry.objects.filter(subject=added.user).order_by("at", "id")
    assert [(e.action, e.old, e.new) for e in entries] == [
        ("membership.added", {}, {"role": "member", "active": True}),
        (
            "membership.changed",
            {"role": "member", "active": True},
            {"role": "lead", "active": True},
        ),
        ("membership.ended", {"role": "lead", "active": True}, {"role": "lead", "active": False}),
    ]
    assert {e.actor for e in entries} == {admin_membership.user}
    page = client.get(reverse("orgs:people")).content.decode()
    assert "Mitgliedschaft beendet" in page and "Rolle: Leitung" in page


def test_second_factor_devices_change_only_through_logged_services(login, cast):
    from lotse.accounts.devices import device_confirm

    adviser = cast("welcome_adviser")
    device = TOTPDevice.objects.create(user=adviser.user, name="Authenticator", confirmed=False)
    device_confirm(device=device)
    lead = cast("welcome_lead")
    lead.role = "admin"
    lead.save()
    client = login("welcome_lead")
    client.post(reverse("orgs:person_devices_reset", args=[adviser.pk]))
    assert not TOTPDevice.objects.filter(user=adviser.user).exists()
    entries = OrgAuditEntry.objects.filter(
        subject=adviser.user, organisation=adviser.organisation, action__startswith="device."
    )
    assert [(e.action, e.actor) for e in entries.order_by("at", "id")] == [
        ("device.confirmed", adviser.user),
        ("device.removed", lead.user),
    ]


def test_loading_the_region_again_logs_nothing(db):
    from lotse.demo.load import region_dir
    from lotse.orgs.services import region_load

    before = OrgAuditEntry.objects.count()
    region_load(region_dir=region_dir())
    assert OrgAuditEntry.objects.count() == before


def test_an_org_admin_cannot_reset_another_organisations_second_factor(login, cast):
    foreign = cast("ihk_adviser")
    TOTPDevice.objects.create(user=foreign.user, name="Authenticator", confirmed=True)
    client = login("company_admin")
    response = client.post(reverse("orgs:person_devices_reset", args=[foreign.pk]))
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=foreign.user).exists()


def test_the_admin_neither_sets_a_members_password_nor_moves_its_mailbox(client, superuser, cast):
    member = cast("welcome_adviser").user
    client.force_login(superuser)
    password_page = reverse("admin:auth_user_password_change", args=[member.pk])
    assert client.get(password_page).status_code == 403
    page = client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    assert "email" not in page.context["adminform"].form.fields
