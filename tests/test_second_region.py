"""A second region is data, not code: the fictitious Musterkreis (lotse/routing/tests/regions) runs
the platform's intake, submission, pre-check and forwarding with its own chamber, authorities and
contacts, and without Hannover's 2025 choice window."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from lotse.cases import guards, services
from lotse.cases.intake import INTAKE_STEPS
from lotse.cases.models import Case
from lotse.cases.prechecks import case_run_precheck
from lotse.cases.tests.test_intake import step_data
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.demo.stories import PAPER_DOSSIER, valid_intake
from lotse.forwarding.services import case_forward
from lotse.orgs.models import Municipality, Organisation, OrgKind, Role
from lotse.orgs.services import membership_create, organisation_create, region_load

TEST_REGIONS = Path(__file__).resolve().parents[1] / "lotse" / "routing" / "tests" / "regions"
MUSTERSTADT = {
    "workplace_postcode": "99001",
    "workplace_municipality": "musterstadt",
    "residence_postcode": "99002",
    "residence_municipality": "beispieldorf",
}


@pytest.fixture
def musterkreis(db, monkeypatch, settings):
    """The Musterkreis loaded beside Hannover, with one company and its HR adviser."""
    monkeypatch.setenv("LOTSE_REGIONS_DIR", str(TEST_REGIONS))
    settings.LOTSE_REGIONS_DIR = str(TEST_REGIONS)
    region_load(region_dir=TEST_REGIONS / "musterkreis")
    company = organisation_create(
        key="kreiswerk",
        kind=OrgKind.COMPANY,
        name="Kreiswerk Muster GmbH",
        trade="trade",
        region="musterkreis",
    )
    return membership_create(
        organisation=company,
        email="personal@kreiswerk.example",
        first_name="Rita",
        last_name="Rahmen",
        role=Role.ADVISER,
    )


def test_its_places_live_beside_hannovers_under_their_own_keys(musterkreis):
    assert Municipality.objects.filter(region="musterkreis").count() == 2
    # A key is unique per region only: another region may use one of Hannover's keys.
    Municipality.objects.create(region="musterkreis", key="hannover", name="Hannover (Muster)")
    assert Municipality.objects.filter(key="hannover").count() == 2


def test_intake_submission_precheck_and_forwarding_end_to_end(musterkreis, client):
    hr = musterkreis
    adviser = Organisation.objects.get(key="ihk-musterkreis").default_contact
    on = datetime.date(2025, 9, 1)  # inside Hannover's choice window: nothing of it applies here
    with clock.travel_to(on):
        client.force_login(hr.user)
        client.post(reverse("cases:new"), {"consent_given": "on"})
        case = Case.objects.get(company__key="kreiswerk")
        places = reverse("cases:intake", args=[case.pk, "places"])
        form = client.get(places).content.decode()
        assert 'value="musterstadt"' in form and 'value="langenhagen"' not in form
        for step in INTAKE_STEPS[1:6]:
            client.post(
                reverse("cases:intake", args=[case.pk, step.slug]),
                step_data(step.slug, case, **MUSTERSTADT),
            )
        case.refresh_from_db()
        assert (case.workplace_municipality, case.residence_municipality) == (
            "musterstadt",
            "beispieldorf",
        )
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert 'name="choice"' not in page
        assert not guards.case_can_choose_authority(case=case, actor=hr)
        chamber = Organisation.objects.get(key="ihk-musterkreis")
        services.case_submit(case=case, actor=hr, chamber=chamber)
    with clock.travel_to(on + datetime.timedelta(days=3)):
        assessment = case_run_precheck(case=case, actor=adviser)
        assert assessment.outcome
        case_forward(case=case, actor=adviser, reason=PAPER_DOSSIER)
    case.refresh_from_db()
    assert case.state == "forwarded" and case.authority_choice == ""
    parts = {p.role: p.organisation.key for p in case.participants.select_related("organisation")}
    assert parts == {"chamber": "ihk-musterkreis", "authority": "zentrale-abh"}
    contacts = {c.organisation.key: c.membership.user.email for c in case.contacts.all()}
    assert contacts == {
        "kreiswerk": "personal@kreiswerk.example",
        "ihk-musterkreis": "greta.beispiel@ihk-musterkreis.example",
        "zentrale-abh": "lena.landmann@zentrale-abh.example",
    }
    forwarded = case.events.get(type="dossier.forwarded")
    assert forwarded.payload["rule"] == "zentral-ab-2024-04"
    assert [e.type for e in case.events.all()][-1] == "contact.assigned"


def test_before_its_switch_the_district_authority_receives_the_case(musterkreis):
    adviser = Organisation.objects.get(key="ihk-musterkreis").default_contact
    with clock.travel_to(datetime.date(2024, 3, 1)):
        case = services.case_create(actor=musterkreis, fields=valid_intake(**MUSTERSTADT))
        services.case_submit(
            case=case, actor=musterkreis, chamber=Organisation.objects.get(key="ihk-musterkreis")
        )
        case_forward(case=case, actor=adviser, reason=PAPER_DOSSIER)
    assert case.participants.get(role="authority").organisation.key == "abh-musterkreis"


def test_a_chamber_of_another_region_is_refused(musterkreis):
    case = services.case_create(actor=musterkreis, fields=valid_intake(**MUSTERSTADT))
    with pytest.raises(DomainError) as refused:
        services.case_submit(
            case=case, actor=musterkreis, chamber=Organisation.objects.get(key="ihk-hannover")
        )
    assert refused.value.code == "not_a_chamber"
    case.refresh_from_db()
    assert case.state == "draft" and case.chamber is None


def test_a_choice_is_refused_where_the_region_offers_none(musterkreis):
    with clock.travel_to(datetime.date(2025, 9, 1)):
        case = services.case_create(actor=musterkreis, fields=valid_intake(**MUSTERSTADT))
        with pytest.raises(DomainError) as refused:
            services.case_choose_authority(case=case, actor=musterkreis, choice="local")
    assert refused.value.code == "choice_not_open"
    assert "2025" not in refused.value.message  # no region words: the platform's own


def test_the_api_refuses_a_chamber_of_another_region(musterkreis, client, cast, monkeypatch):
    """The submit step's form offers the chambers of the case's region only (the service refuses
    any other chamber too: `test_a_chamber_of_another_region_is_refused`)."""
    monkeypatch.delenv("LOTSE_REGIONS_DIR")  # the Musterkreis is loaded; Hannover's case is asked
    case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
    client.force_login(cast("company_hr").user)
    url = f"/api/v1/cases/{case.pk}/submit"
    body = {"chamber": "ihk-musterkreis", "version": case.events.count()}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 422 and "chamber" in response.json()["fields"]
    case.refresh_from_db()
    assert case.state == "draft"
