"""The region's rules are data: the 2025 choice of authority in Hannover is worded and offered by
regions/hannover/routing.yaml, and the case code names no region, authority or date of its own."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from lotse.cases import guards, services
from lotse.cases.forms import authority_choice_form
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.demo.stories import PAPER_DOSSIER, valid_intake
from lotse.forwarding.services import case_forward
from lotse.orgs.models import Organisation
from lotse.routing import get_region
from lotse.routing.services import agreement_authority_for

CASES = Path(__file__).resolve().parents[1]
IN_WINDOW = datetime.date(2025, 9, 1)


def test_no_case_module_names_a_region_an_authority_or_a_2025_date():
    pattern = re.compile(r"hannover|LAB NI|2025", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(CASES)}:{number}"
        for path in CASES.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(CASES).parts)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_the_form_offers_the_regions_options_in_its_words(cast):
    rule = get_region("hannover").choice_rules[0]
    with clock.travel_to(IN_WINDOW):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
        for language in ("de", "en"):
            with translation.override(language):
                field = authority_choice_form(case).fields["choice"]
                assert field.label == rule.choice.question[language]
                assert field.help_text == rule.choice.help[language]
                titles = [option.title[language] for option in rule.options.values()]
                assert [label for _, label in field.choices[1:]] == titles
    assert len(authority_choice_form(case).fields["choice"].choices) == 1  # only "please choose"


@pytest.mark.parametrize("language", ["de", "en"])
def test_refusals_speak_the_regions_words(cast, language):
    rule = get_region("hannover").choice_rules[0]
    with clock.travel_to(IN_WINDOW):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
        with translation.override(language), pytest.raises(DomainError) as missing:
            services.case_submit(
                case=case,
                actor=cast("company_hr"),
                chamber=Organisation.objects.get(key="ihk-hannover"),
            )
    with pytest.raises(DomainError) as closed:
        services.case_choose_authority(case=case, actor=cast("company_hr"), choice="local")
    decision = guards.case_can_choose_authority(case=case, actor=cast("company_hr"))
    with translation.override(language):
        assert missing.value.message == rule.choice.missing[language]
        assert closed.value.message == rule.choice.closed[language]
        assert decision.message == rule.choice.closed[language]


def test_forwarding_without_the_choice_is_refused_in_the_regions_words(cast):
    with clock.travel_to(datetime.date(2025, 6, 20)):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
        services.case_submit(
            case=case,
            actor=cast("company_hr"),
            chamber=Organisation.objects.get(key="ihk-hannover"),
        )
    with clock.travel_to(IN_WINDOW), pytest.raises(DomainError) as refused:
        case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    with translation.override("en"):
        assert refused.value.message.startswith("From 1 July to 31 December 2025 the employer")


def test_an_option_the_region_does_not_offer_is_refused_by_field(cast):
    with clock.travel_to(IN_WINDOW):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
        with translation.override("de"), pytest.raises(Exception) as refused:
            services.case_choose_authority(case=case, actor=cast("company_hr"), choice="bund")
    assert "Örtliche Ausländerbehörde, Zentralstelle (LAB NI)" in str(refused.value)
    assert case.events.filter(type="routing.authority_chosen").count() == 0


def test_the_history_names_the_chosen_option_by_its_title(login, story):
    client = login("company_hr")
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("cases:detail", args=[story("Mendoza").pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "Local foreigners authority" in text and "Zentralstelle (LAB NI)" in text


def test_only_working_people_of_a_company_open_cases(cast, login):
    assert guards.case_can_create(actor=cast("company_hr"))
    assert not guards.case_can_create(actor=cast("ihk_adviser"))
    assert not guards.case_can_create(actor=None)
    member = cast("welcome_lead")  # also a plain member of the Jobcenter: reads, never opens
    assert guards.case_can_create(actor=member).code == "not_your_step"
    with pytest.raises(DomainError) as refused:
        services.case_create(actor=cast("aa_caseworker"), fields=valid_intake())
    assert refused.value.code == "not_your_step"
    page = login("ihk_adviser").get(reverse("cases:new"), follow=True)
    assert page.redirect_chain and "cases/new" not in page.redirect_chain[-1][0]


def test_outside_the_region_names_the_lands_authority_only_when_the_data_does(cast):
    case = services.case_create(
        actor=cast("company_hr"),
        fields=valid_intake(workplace_municipality="outside", workplace_postcode="10115"),
    )
    since_2026 = agreement_authority_for(case=case, on=datetime.date(2026, 2, 1))
    assert since_2026.status == "outside_region" and since_2026.organisation is None
    assert "Für Orte in Niedersachsen ist zuständig" in since_2026.reason["de"]
    assert "zentralstelle-ab-2026" in since_2026.reason["en"]
    local_times = agreement_authority_for(case=case, on=datetime.date(2025, 3, 1))
    assert "Zentralstelle" not in local_times.reason["de"]
    assert local_times.reason["en"].startswith("The place lies outside the Hannover Region")
