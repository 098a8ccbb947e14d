"""Who sees which demo case: each cast member sees exactly the cases its part gives it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lotse.cases.models import Case
from lotse.cases.visibility import visible_to

# In the § 81a procedure (procedure_stories.py): Müller Technik's, pre-checked by the IHK, at
# the Zentralstelle; the agency asked for consent in all but the withdrawn one.
PROCEDURE = {"Benali", "Bondarenko", "Mensah", "Sadykova", "Ramírez"}
MUELLER = {"Jovanović", "Raman", "Kaya", "Nair", "Mendoza"} | PROCEDURE
SONNENSCHEIN = {"Nguyễn", "El Amrani"}

# Who takes part where (stories.py): the chamber it was submitted to, the authority it was
# forwarded to (by date and place), the agency asked for consent, partners brought in as contacts.
EXPECTED = {
    "company_hr": MUELLER,
    "company_lead": MUELLER,
    "company_admin": MUELLER,
    "other_company_hr": SONNENSCHEIN,
    "ihk_adviser": {"Raman", "Kaya", "Nair", "Mendoza"} | PROCEDURE,
    "ihk_lead": {"Raman", "Kaya", "Nair", "Mendoza"} | PROCEDURE,
    "hwk_adviser": SONNENSCHEIN,
    "abh_city_caseworker": {"Kaya"},
    "abh_region_caseworker": {"Nguyễn"},
    "abh_lead": {"Nguyễn"},
    "zentralstelle_caseworker": {"El Amrani", "Mendoza"} | PROCEDURE,
    "aa_caseworker": {"Kaya"} | PROCEDURE - {"Sadykova"},
    "jobcenter_employer_service": {"Nguyễn"},
    "welcome_adviser": {"Raman"},
    "welcome_lead": {"Raman", "Nguyễn"},  # also a member of the Jobcenter
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_cast_member_sees_exactly_their_cases(key, cast):
    seen = set(visible_to(cast(key).user).values_list("worker_last_name", flat=True))
    assert seen == EXPECTED[key]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_case_list_page_and_api_list_exactly_the_visible_cases(key, login):
    client = login(key)
    expected = set(
        Case.objects.filter(worker_last_name__in=EXPECTED[key]).values_list("reference", flat=True)
    )
    page = client.get(reverse("cases:list")).content.decode()
    listed = {ref for ref in Case.objects.values_list("reference", flat=True) if ref in page}
    assert listed == expected
    api = client.get("/api/v1/cases").json()["items"]
    assert {row["reference"] for row in api} == expected


def test_platform_admin_sees_no_case_data(client, db):
    admin = get_user_model().objects.get(email="admin@lotse.example")
    client.force_login(admin)
    assert not visible_to(admin).exists()
    assert client.get("/api/v1/cases").json() == {"items": [], "next": None}
    case = Case.objects.first()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_anonymous_sees_nothing_and_is_sent_to_login(client, db):
    case = Case.objects.first()
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.get("/api/v1/cases").status_code == 401


def test_new_contact_sees_the_case_in_my_cases(login, cast, story):
    from lotse.cases.services import case_contact_assign
    from lotse.orgs.services import membership_create

    case = story("Raman")
    colleague = membership_create(
        organisation=cast("ihk_lead").organisation,
        email="neu@hannover.ihk.example",
        first_name="Nina",
        last_name="Neu",
        role="adviser",
    )
    client = login("ihk_lead")
    assert case.reference not in client.get(reverse("cases:list") + "?mine=1").content.decode()
    case_contact_assign(case=case, actor=cast("ihk_lead"), membership=colleague)
    client.force_login(colleague.user)
    mine = client.get(reverse("cases:list") + "?mine=1").content.decode()
    assert case.reference in mine
    assert story("Kaya").reference not in mine
    last = case.events.order_by("-seq").first()
    assert last.type == "contact.assigned"
    assert last.payload["old_name"] == str(cast("ihk_adviser").user)
    assert last.payload["new_name"] == "Nina Neu"
