"""Who sees which demo case: each cast member sees exactly the cases its part gives it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lotse.cases.models import Case, NextStep, Participant
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


# --- per unit: the Agentur für Arbeit's consent team and its employer service ------------------


@pytest.fixture
def agency_people(cast):
    """The Agentur's consent team (its demo caseworker), a colleague of its employer service and
    a lead in no unit (the organisation as a whole)."""
    from lotse.orgs.models import Role, Unit
    from lotse.orgs.services import membership_create

    agency = cast("aa_caseworker").organisation
    employer_service = membership_create(
        organisation=agency,
        email="jonas.arndt@arbeitsagentur.example",
        role=Role.ADVISER,
        unit=Unit.objects.get(organisation=agency, kind="employer_service"),
    )
    lead = membership_create(
        organisation=agency, email="leitung@arbeitsagentur.example", role=Role.LEAD
    )
    return {
        "consent_team": cast("aa_caseworker"),
        "employer_service": employer_service,
        "lead": lead,
    }


def _agency_cases(agency, **part) -> set[str]:
    rows = Participant.objects.filter(organisation=agency, seen_until__isnull=True, **part)
    return set(rows.values_list("case__reference", flat=True))


def _seen_in_lists(client) -> dict[str, set[str]]:
    """The demo's references each list shows to the logged-in person."""
    references = set(Case.objects.values_list("reference", flat=True))
    pages = {
        "list": client.get(reverse("cases:list")).content.decode(),
        "needs": client.get(reverse("cases:list") + "?needs=me").content.decode(),
    }
    seen = {name: {ref for ref in references if ref in page} for name, page in pages.items()}
    seen["api"] = {row["reference"] for row in client.get("/api/v1/cases").json()["items"]}
    return seen


def test_a_case_only_the_consent_team_takes_part_in_is_not_the_employer_services(
    agency_people, client
):
    """§ 39 AufenthG: the consent file is the consent team's. A colleague of the employer service
    finds such a case in no list and not by its address (404, page and API); the consent team and
    a lead in no unit see it everywhere, as before."""
    agency = agency_people["lead"].organisation
    consent_only = _agency_cases(agency, unit__kind="consent_team") - _agency_cases(
        agency, unit__isnull=True
    )
    waiting = set(
        NextStep.objects.filter(organisation=agency, case__reference__in=consent_only).values_list(
            "case__reference", flat=True
        )
    )
    assert consent_only and waiting
    assert set(
        NextStep.objects.filter(case__reference__in=waiting).values_list("unit__kind", flat=True)
    ) == {"consent_team"}
    for key, person in agency_people.items():
        client.force_login(person.user)
        seen = _seen_in_lists(client)
        case = Case.objects.filter(reference__in=consent_only).order_by("reference").first()
        page = client.get(reverse("cases:detail", args=[case.pk])).status_code
        api = client.get(f"/api/v1/cases/{case.pk}").status_code
        visible = set(visible_to(person.user).values_list("reference", flat=True))
        if key == "employer_service":
            assert not consent_only & (seen["list"] | seen["needs"] | seen["api"] | visible), key
            assert (page, api) == (404, 404)
        else:
            assert consent_only <= seen["list"] & seen["api"] & visible, key
            assert waiting <= seen["needs"], key
            assert (page, api) == (200, 200), key


def test_a_part_no_unit_takes_is_seen_by_every_member(agency_people, cast, client):
    """Career counselling of a family member is the Agentur's as a whole (no unit takes it):
    the employer service sees that case, in its lists and on its page, beside the others."""
    from lotse.procedure.services import counselling_refer
    from tests.test_step_parity import make_case

    case = make_case("completed", family=True)  # the consent team took the consent
    agency = agency_people["lead"].organisation
    counselling_refer(
        case=case,
        actor=cast("company_hr"),
        member=str(case.family.get().pk),
        service="agency",
        consent=True,
    )
    parts = Participant.objects.filter(case=case, organisation=agency)
    assert set(parts.values_list("unit__kind", "unit_listed")) == {
        ("consent_team", True),
        (None, True),
    }
    assert parts.filter(listed=True).count() == 1
    for person in agency_people.values():
        client.force_login(person.user)
        seen = _seen_in_lists(client)
        assert case.reference in seen["list"] & seen["api"], person
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
        assert client.get(f"/api/v1/cases/{case.pk}").status_code == 200
        # each list shows the case once, though two parts of the Agentur lead to it
        assert [row["reference"] for row in client.get("/api/v1/cases").json()["items"]].count(
            case.reference
        ) == 1
