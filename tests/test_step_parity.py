"""Every step of the step table is reachable on the case page and through the API, with the same
guard and the same refusal codes: each step is driven on both with a cast member whose guard
refuses and one whose guard allows, on fresh cases brought to the same stage.

The scenarios below are written by hand (not derived from the table): a step added to the table
without one fails `test_every_step_has_a_scenario`."""

import datetime
import json
from dataclasses import dataclass, field

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from lotse.cases import services
from lotse.cases.models import Case
from lotse.cases.selectors import case_version
from lotse.cases.steps import STEPS
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.demo.cast import cast_membership
from lotse.demo.stories import valid_intake
from lotse.forwarding.services import case_forward
from lotse.forwarding.testing import accepted, delivered
from lotse.orgs.models import Organisation

TODAY = datetime.date(2026, 11, 2)
IN_2025_WINDOW = datetime.date(2025, 9, 1)
SPOUSE = {
    "relation": "spouse",
    "first_name": "Ana",
    "last_name": "Petrović",
    "birth_date": "1995-02-03",
}


def make_case(stage: str, *, on: datetime.date = TODAY, family: bool = False) -> Case:
    """A fresh case of Müller Technik brought to `stage` through the services."""
    company = cast_membership("company_hr")
    with clock.travel_to(on):
        case = services.case_create(actor=company, fields=valid_intake())
        if family:
            data = SPOUSE | {"birth_date": datetime.date(1995, 2, 3)}
            services.family_member_add(case=case, actor=company, data=data)
        if stage == "draft":
            return case
        chamber = Organisation.objects.get(key="ihk-hannover")
        choice = "local" if on == IN_2025_WINDOW else ""
        services.case_submit(case=case, actor=company, chamber=chamber, authority_choice=choice)
        if stage in ("forwarded", "in_procedure", "consent_requested"):
            case_forward(case=case, actor=cast_membership("ihk_adviser"))
            delivered(case)
        authority = cast_membership("zentralstelle_caseworker")
        if stage in ("in_procedure", "consent_requested"):
            accepted(case, authority=authority)
        if stage == "consent_requested":  # as the demo case of Kaya
            services.case_request_consent(case=case, actor=authority)
    return Case.objects.get(pk=case.pk)


@dataclass
class Scenario:
    stage: str
    member: str
    data: dict = field(default_factory=dict)
    on: datetime.date = TODAY
    family: bool = False
    refusal: str = ""  # the guard's code when it refuses


def _lead_id() -> str:
    return str(cast_membership("ihk_lead").pk)


# step key → (allowed, refused)
SCENARIOS = {
    "submit": (
        Scenario("draft", "company_hr", {"chamber": "ihk-hannover"}),
        Scenario("submitted", "company_hr", {"chamber": "ihk-hannover"}, refusal="wrong_state"),
    ),
    "withdraw": (
        Scenario("submitted", "company_hr", {"text": "Stelle besetzt"}),
        Scenario("submitted", "ihk_adviser", {"text": "x"}, refusal="not_your_step"),
    ),
    "return": (
        Scenario("submitted", "ihk_adviser", {"text": "Arbeitsvertrag fehlt"}),
        Scenario("submitted", "company_hr", {"text": "x"}, refusal="not_your_step"),
    ),
    "no_prospect": (
        Scenario("submitted", "ihk_adviser", {"text": "§ 18a AufenthG: keine Gleichwertigkeit"}),
        Scenario("forwarded", "ihk_adviser", {"text": "x"}, refusal="wrong_state"),
    ),
    "request_forwarding": (
        Scenario("submitted", "company_hr", {"text": "Bitte trotzdem"}),
        Scenario("submitted", "ihk_adviser", {}, refusal="not_your_step"),
    ),
    "choose_authority": (
        Scenario("submitted", "company_hr", {"choice": "zentralstelle"}, on=IN_2025_WINDOW),
        Scenario("submitted", "company_hr", {"choice": "local"}, refusal="choice_not_open"),
    ),
    "request_consent": (
        Scenario("in_procedure", "zentralstelle_caseworker"),
        Scenario("in_procedure", "ihk_adviser", refusal="not_your_step"),
    ),
    "accept_dossier": (
        Scenario("forwarded", "zentralstelle_caseworker"),
        Scenario("in_procedure", "zentralstelle_caseworker", refusal="wrong_state"),
    ),
    "reject_dossier": (
        Scenario("forwarded", "zentralstelle_caseworker", {"text": "Arbeitsvertrag unleserlich"}),
        Scenario("forwarded", "ihk_adviser", {"text": "x"}, refusal="not_your_step"),
    ),
    "decide_consent": (
        Scenario("consent_requested", "aa_caseworker", {"decision": "refused", "text": "§ 39"}),
        Scenario(
            "consent_requested",
            "zentralstelle_caseworker",
            {"decision": "given"},
            refusal="not_your_step",
        ),
    ),
    "assign_contact": (
        Scenario("submitted", "ihk_lead", {"membership": _lead_id}),
        Scenario("submitted", "ihk_adviser", {"membership": _lead_id}, refusal="not_your_step"),
    ),
    "involve_partner": (
        Scenario("submitted", "company_hr", {"organisation": "welcome-center", "confirm": True}),
        Scenario(
            "draft",
            "company_hr",
            {"organisation": "welcome-center", "confirm": True},
            refusal="wrong_state",
        ),
    ),
    "precheck": (
        Scenario("submitted", "ihk_adviser"),
        Scenario("forwarded", "company_hr", refusal="wrong_state"),
    ),
    "family_add": (
        Scenario("draft", "company_hr", SPOUSE),
        Scenario("submitted", "company_hr", SPOUSE, refusal="wrong_state"),
    ),
    "family_remove": (
        Scenario("draft", "company_hr", {"member": "first"}, family=True),
        Scenario(
            "submitted", "company_hr", {"member": "first"}, family=True, refusal="wrong_state"
        ),
    ),
    "forward": (
        Scenario("submitted", "ihk_adviser"),
        Scenario("submitted", "company_hr", refusal="not_your_step"),
    ),
}


def test_every_step_has_a_scenario():
    assert set(SCENARIOS) == set(STEPS)


def _input(scenario: Scenario, case: Case) -> dict:
    data = {}
    for name, value in scenario.data.items():
        if value == "first":
            value = str(case.family.get().pk)
        data[name] = value() if callable(value) else value
    return data | {"version": case_version(case=case)}


def _on_page(client, key: str, case: Case, data: dict) -> tuple[str, list[str]]:
    response = client.post(reverse(f"cases:{key}", args=[case.pk]), data)
    assert response.status_code == 302, (key, response.status_code)
    found = [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]
    assert len(found) == 1, found
    return found[0]


def _by_api(client, key: str, case: Case, data: dict):
    url = f"/api/v1/cases/{case.pk}/{STEPS[key].slug}"
    return client.post(url, json.dumps(data), content_type="application/json")


def _log(case: Case) -> list[str]:
    return list(Case.objects.get(pk=case.pk).events.values_list("type", flat=True))


@pytest.mark.parametrize("key", sorted(SCENARIOS))
def test_a_refused_step_is_refused_alike_on_page_and_api(key, client, db):
    scenario = SCENARIOS[key][1]
    actor = cast_membership(scenario.member)
    client.force_login(actor.user)
    with clock.travel_to(scenario.on):
        case = make_case(scenario.stage, on=scenario.on, family=scenario.family)
        decision = STEPS[key].guard(case=case, actor=actor)
        assert decision.code == scenario.refusal
        before = (_log(case), case.state)
        level, message = _on_page(client, key, case, _input(scenario, case))
        response = _by_api(client, key, case, _input(scenario, case))
    assert (level, message) == ("error", DomainError(decision.code, **decision.details).message)
    assert response.json()["code"] == scenario.refusal
    assert response.status_code == (403 if scenario.refusal == "not_your_step" else 409)
    assert (_log(case), Case.objects.get(pk=case.pk).state) == before


@pytest.mark.parametrize("key", sorted(SCENARIOS))
def test_an_allowed_step_does_the_same_on_page_and_api(key, client, db):
    scenario = SCENARIOS[key][0]
    actor = cast_membership(scenario.member)
    client.force_login(actor.user)
    with clock.travel_to(scenario.on):
        on_page = make_case(scenario.stage, on=scenario.on, family=scenario.family)
        by_api = make_case(scenario.stage, on=scenario.on, family=scenario.family)
        assert STEPS[key].guard(case=on_page, actor=actor)
        before = _log(on_page)
        level, message = _on_page(client, key, on_page, _input(scenario, on_page))
        response = _by_api(client, key, by_api, _input(scenario, by_api))
    assert level == "success", message
    assert response.status_code == (201 if key == "precheck" else 200), response.content
    if key != "precheck":  # the pre-check answers with its result
        assert response.json()["message"] == message
        assert response.json()["case"]["version"] == case_version(case=by_api)
    page_log, api_log = _log(on_page), _log(by_api)
    assert len(page_log) > len(before) and page_log == api_log
    assert Case.objects.get(pk=on_page.pk).state == Case.objects.get(pk=by_api.pk).state
    participants = [
        set(Case.objects.get(pk=case.pk).participants.values_list("organisation__key", "role"))
        for case in (on_page, by_api)
    ]
    assert participants[0] == participants[1]


@pytest.mark.parametrize(
    ("member", "last_name"),
    [
        ("company_hr", "Raman"),
        ("ihk_lead", "Raman"),
        ("company_hr", "Jovanović"),
        ("zentralstelle_caseworker", "El Amrani"),
        ("zentralstelle_caseworker", "Mendoza"),
        ("welcome_adviser", "Raman"),
        ("aa_caseworker", "Kaya"),
    ],
)
def test_the_api_offers_the_steps_the_case_page_shows(member, last_name, login, story):
    """`allowed_steps` of the API's case and the step forms of the page come from one question."""
    case = story(last_name)
    client = login(member)
    response = client.get(f"/api/v1/cases/{case.pk}")
    page = client.get(reverse("cases:detail", args=[case.pk]))
    shown = {key for key, view in page.context["steps"].items() if view}
    assert set(response.json()["allowed_steps"]) == shown and shown
