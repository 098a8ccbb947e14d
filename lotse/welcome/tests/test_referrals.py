"""Employer services refer companies and see the progress only, with the company's consent."""

import datetime

import pytest
from django.urls import reverse

from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.demo.stories import PAPER_DOSSIER
from lotse.forwarding.services import case_forward
from lotse.inbox.models import Thread
from lotse.orgs.models import Role, Unit
from lotse.orgs.services import membership_create
from lotse.welcome import referrals, slots
from lotse.welcome.referrals import Progress
from lotse.welcome.tests.helpers import START

pytestmark = pytest.mark.django_db
NOW = START - datetime.timedelta(days=5)


def progress_of(actor, referral):
    return dict((r.pk, p) for r, p in referrals.referrals_of_referrer(actor=actor))[referral.pk]


def test_a_referral_shows_its_progress_after_consent_and_no_case_data(cast, login, story):
    jobcenter, company = cast("jobcenter_employer_service"), cast("company_hr")
    referral = referrals.referral_create(
        actor=jobcenter, company=company.organisation, kind="consultation", note="Schweißer"
    )
    assert Thread.objects.filter(organisation=company.organisation, kind="notice").exists()
    with clock.travel_to(NOW):
        slot = slots.slot_publish(
            actor=cast("ihk_adviser"),
            starts_at=START,
            ends_at=START + datetime.timedelta(hours=1),
            place="Online",
        )
        slots.slot_book(actor=company, slot=slot, need="Zwei Schweißer")
    assert progress_of(jobcenter, referral) == str(Progress.ASKED)
    referrals.referral_answer(actor=company, referral=referral, consent=True)
    assert progress_of(jobcenter, referral) == str(Progress.BOOKED)
    page = login("jobcenter_employer_service").get(reverse("welcome:referrals"))
    content = page.content.decode()
    assert page.status_code == 200 and str(company.organisation) in content
    assert "Zwei Schweißer" not in content  # the need is case data: not the referrer's
    # a referral to a case's contact person follows a case the company names
    case = story("Raman")
    contact = referrals.referral_create(
        actor=jobcenter, company=company.organisation, kind="contact"
    )
    referrals.referral_answer(actor=company, referral=contact, consent=True, case_id=case.pk)
    assert progress_of(jobcenter, contact) == str(Progress.OPENED)
    case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    assert progress_of(jobcenter, contact) == str(Progress.FORWARDED)
    assert (
        case.worker_last_name
        not in login("jobcenter_employer_service")
        .get(reverse("welcome:referrals"))
        .content.decode()
    )


def employer_service(cast):
    """A person of the Agentur für Arbeit's employer service (its unit from the region data)."""
    agency = cast("aa_caseworker").organisation
    return membership_create(
        organisation=agency,
        email="jonas.arndt@arbeitsagentur.example",
        role=Role.ADVISER,
        unit=Unit.objects.get(organisation=agency, kind="employer_service"),
    )


def test_the_employer_service_follows_a_case_it_does_not_see(cast, client, story):
    """The Agentur's employer service refers a company to a case's contact person; the case's
    only part of the Agentur is the consent team's, so the case itself stays hidden from the
    employer service (404) while its stage is shown on the referrals page, with consent."""
    from lotse.cases.models import Participant

    agency, company = employer_service(cast), cast("company_hr")
    case = story("Kaya")
    parts = Participant.objects.filter(case=case, organisation=agency.organisation)
    assert set(parts.values_list("unit__kind", flat=True)) == {"consent_team"}
    referral = referrals.referral_create(actor=agency, company=company.organisation, kind="contact")
    referrals.referral_answer(actor=company, referral=referral, consent=True, case_id=case.pk)
    assert progress_of(agency, referral) == str(Progress.FORWARDED)
    client.force_login(agency.user)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    page = client.get(reverse("welcome:referrals"))
    content = page.content.decode()
    assert page.status_code == 200 and str(company.organisation) in content
    assert case.worker_last_name not in content


def test_declined_means_no_progress(cast):
    agency, company = employer_service(cast), cast("company_hr")
    referral = referrals.referral_create(
        actor=agency, company=company.organisation, kind="consultation"
    )
    referrals.referral_answer(actor=company, referral=referral, consent=False)
    assert progress_of(agency, referral) == str(Progress.DECLINED)


def test_only_employer_services_refer(cast):
    with pytest.raises(DomainError) as refusal:
        referrals.referral_create(
            actor=cast("ihk_adviser"), company=cast("company_hr").organisation, kind="contact"
        )
    assert refusal.value.code == "not_referrer"
    # the Agentur für Arbeit's consent team does not refer the companies it decides for
    with pytest.raises(DomainError) as refusal:
        referrals.referral_create(
            actor=cast("aa_caseworker"), company=cast("company_hr").organisation, kind="contact"
        )
    assert refusal.value.code == "not_referrer"


def test_another_company_cannot_answer(cast):
    referral = referrals.referral_create(
        actor=employer_service(cast), company=cast("company_hr").organisation, kind="consultation"
    )
    with pytest.raises(DomainError):
        referrals.referral_answer(actor=cast("other_company_hr"), referral=referral, consent=True)
