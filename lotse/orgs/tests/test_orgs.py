"""Organisations and people: region data, switching the active organisation, the admin's page."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from lotse.core.errors import DomainError
from lotse.orgs import services
from lotse.orgs.models import Membership, Organisation, OrgKind


def test_region_partners_and_default_contacts_come_from_the_region_data(db):
    kinds = dict(Organisation.objects.values_list("key", "kind"))
    assert kinds["ihk-hannover"] == OrgKind.IHK and kinds["hwk-hannover"] == OrgKind.HWK
    assert kinds["lab-ni-zentralstelle"] == OrgKind.FOREIGNERS_AUTHORITY
    assert kinds["abh-lhh"] == kinds["abh-region"] == OrgKind.FOREIGNERS_AUTHORITY
    assert kinds["aa-hannover"] == OrgKind.EMPLOYMENT_AGENCY
    assert kinds["jobcenter-region"] == OrgKind.JOBCENTER
    assert kinds["welcome-center"] == OrgKind.WELCOME_CENTER
    assert kinds["zab"] == OrgKind.RECOGNITION_BODY
    ihk = Organisation.objects.get(key="ihk-hannover")
    assert str(ihk.default_contact.user) == "Jana Petersen"


def test_loading_the_region_again_changes_nothing(db):
    before = (Organisation.objects.count(), Membership.objects.count())
    services.region_load(region_dir=Path(settings.LOTSE_REGIONS_DIR) / "hannover")
    assert (Organisation.objects.count(), Membership.objects.count()) == before


def test_person_in_two_organisations_switches_the_active_one(login, cast):
    client = login("welcome_lead")
    assert "Welcome Center" in client.get(reverse("cases:list")).content.decode()
    jobcenter = cast("welcome_lead").user.memberships.get(organisation__key="jobcenter-region")
    client.post(reverse("orgs:switch"), {"membership": str(jobcenter.pk), "next": "/cases/"})
    page = client.get(reverse("cases:list")).content.decode()
    assert "Jobcenter Region Hannover (" in page


def test_switching_to_a_foreign_membership_is_refused(login, cast):
    client = login("company_hr")
    foreign = cast("ihk_adviser")
    client.post(reverse("orgs:switch"), {"membership": str(foreign.pk)})
    assert "IHK Hannover (" not in client.get(reverse("cases:list")).content.decode()


def test_org_admin_manages_own_people(login, cast):
    client = login("company_admin")
    response = client.post(
        reverse("orgs:people"),
        {
            "email": "neu@mueller-technik.example",
            "first_name": "Nora",
            "last_name": "Neu",
            "role": "member",
        },
    )
    assert response.status_code == 302
    added = Membership.objects.get(user__email="neu@mueller-technik.example")
    assert added.organisation == cast("company_admin").organisation
    client.post(reverse("orgs:person_role", args=[added.pk]), {"role": "lead"})
    added.refresh_from_db()
    assert added.role == "lead"
    client.post(reverse("orgs:person_deactivate", args=[added.pk]))
    added.refresh_from_db()
    assert not added.active


def test_org_admin_cannot_touch_another_organisations_people(login, cast):
    client = login("company_admin")
    foreign = cast("ihk_adviser")
    assert client.post(reverse("orgs:person_deactivate", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.active


def test_people_page_is_for_org_admins_only(login):
    assert login("company_hr").get(reverse("orgs:people")).status_code == 403


def test_last_admin_cannot_step_down(cast):
    admin = cast("company_admin")
    with pytest.raises(DomainError) as refused:
        services.membership_change_role(actor=admin, membership=admin, role="member")
    assert refused.value.code == "last_admin"


def test_invalid_person_form_names_the_field(login):
    response = login("company_admin").post(
        reverse("orgs:people"),
        {"email": "kein-email", "first_name": "", "last_name": "X", "role": "boss"},
    )
    errors = response.context["form"].errors
    assert {"email", "first_name", "role"} <= set(errors)


def test_a_new_person_is_invited_to_choose_a_password(
    login, client, mailoutbox, django_capture_on_commit_callbacks
):
    admin_client = login("company_admin")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("orgs:people"),
            {
                "email": "ida@mueller-technik.example",
                "first_name": "Ida",
                "last_name": "Neu",
                "role": "member",
            },
        )
    assert [mail.to for mail in mailoutbox] == [["ida@mueller-technik.example"]]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    client.logout()
    form = client.get(link.split("8000", 1)[1], follow=True)
    new = "Ida-Passwort-2026!"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert client.login(username="ida@mueller-technik.example", password=new)


def test_postcode_preselects_the_municipality_in_the_form(login):
    client = login("company_hr")
    url = reverse("orgs:municipality_choice")
    html = client.get(url, {"field": "workplace", "workplace_postcode": "30851"}).content.decode()
    assert 'name="workplace_municipality"' in html
    assert '<option value="langenhagen" selected>' in html
    unknown = client.get(
        url,
        {"field": "residence", "residence_postcode": "99999", "residence_municipality": "outside"},
    ).content.decode()
    assert '<option value="outside" selected>' in unknown
    assert client.get(url, {"field": "password"}).status_code == 400


def test_ending_a_membership_hands_its_cases_to_the_default_contact(cast, story):
    lead = cast("ihk_lead")
    lead.role = "admin"
    lead.save()
    adviser = cast("ihk_adviser")
    case = story("Raman")
    services.membership_deactivate(actor=lead, membership=adviser)
    contact = case.contacts.get(organisation__key="ihk-hannover")
    assert contact.membership == lead  # the leaving person was the default contact
    event = case.events.order_by("-seq").first()
    assert event.type == "contact.assigned" and event.payload["old_name"] == "Jana Petersen"
    assert Organisation.objects.get(key="ihk-hannover").default_contact == lead


def test_a_company_member_reads_but_does_not_act(login, cast, story):
    from lotse.cases import guards

    member = services.membership_create(
        organisation=cast("company_hr").organisation,
        email="lesen@mueller-technik.example",
        first_name="Lea",
        last_name="Lesen",
        role="member",
    )
    case = story("Jovanović")
    assert not guards.case_can_edit(case=case, actor=member)
    client = login("company_hr")
    client.force_login(member.user)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    before = case.events.count()
    client.post(reverse("cases:withdraw", args=[case.pk]))
    case.refresh_from_db()
    assert case.state == "draft" and case.events.count() == before


def test_people_page_names_roles_in_the_same_words_in_column_and_select(login, cast):
    """A company's adviser is its "HR / case owner" in the role column and in the select alike,
    never the generic "Adviser / caseworker" the select used to show."""
    page = login("company_admin").get(reverse("orgs:people")).content.decode()
    hr = cast("company_hr")
    row = page.split(hr.user.email, 1)[1].split("</tr>", 1)[0]
    column = "Personalwesen / Vorgangsverantwortung</td>"
    assert column in row
    assert '<option value="adviser" selected>Personalwesen / Vorgangsverantwortung</option>' in row
    assert "Beratung / Sachbearbeitung" not in page
