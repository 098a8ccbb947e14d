"""Need to know (issue 10 item 4): each participant sees what its part needs — on the case page,
in the API's case and events, and in a person's data export — checked field by field against the
one table (`cases/need_to_know.py`, printed in the README)."""

import datetime
import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from lotse.cases import services
from lotse.cases.countries import country_name
from lotse.cases.event_types import EventType
from lotse.cases.intake import INTAKE_FIELDS
from lotse.cases.models import Case, CaseAccess, Participant
from lotse.cases.need_to_know import (
    ALWAYS_SHOWN,
    FIELDS,
    PART_OF,
    PLACES,
    SEES,
    STAGE_ONLY,
    Audience,
    Part,
    project,
    readme_table,
    view_for,
    view_of,
    will_see,
)
from lotse.cases.prechecks import case_run_precheck
from lotse.core.money import money
from lotse.demo.stories import PAPER_DOSSIER
from lotse.forwarding.services import case_forward
from lotse.forwarding.testing import accepted
from lotse.orgs.models import Organisation

# A reader of each audience on the case `full_case` builds.
READERS = {
    Audience.COMPANY: "company_hr",
    Audience.CHAMBER: "ihk_adviser",
    Audience.AUTHORITY: "zentralstelle_caseworker",
    Audience.EMPLOYMENT_AGENCY: "aa_caseworker",
    Audience.WELCOME_CENTER: "welcome_adviser",
    Audience.JOBCENTER: "jobcenter_employer_service",
    Audience.PARTNER: "hwk_adviser",
}
# Values that appear nowhere else on the page (dates as the German page shows them).
DISTINCT = {
    "worker_first_name": "Priya",
    "worker_passport_number": "Z5318204",
    "worker_email": "priya.raman@example.org",
    "worker_birth_date": datetime.date(1992, 7, 19),
    "worker_citizenship": "LK",  # stored as the ISO code, shown as the country's name
    "qualification_title": "B.Tech. Computer Science",
    "qualification_country": "NP",
    "job_title": "Softwareentwicklerin",
    "job_salary_eur": Decimal("52345.00"),
    "job_occupation_code": "25129",
}
MISSING = "Arbeitsvertrag-Unterschrift-fehlt"
REFUSAL = "Tarifabweichung-Zeitarbeit"
SPOUSE = "Arjun"


def shown(value) -> str:
    """The value as the German case page shows it."""
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        with translation.override("de"):
            return money(value)
    if value in ("LK", "NP"):
        with translation.override("de"):
            return country_name(value)
    return str(value)


@pytest.fixture
def full_case(cast, story, settings):
    """The Raman case with every audience taking part: returned once (a reason), pre-checked,
    the Jobcenter and the HWK brought in, forwarded to the Zentralstelle, consent refused by the
    Agentur für Arbeit (a reason of its own)."""
    settings.LANGUAGE_CODE = "de"
    case = story("Raman")
    services.case_return(case=case, actor=cast("ihk_adviser"), missing=MISSING)
    fields = {name: value for name, value in DISTINCT.items() if name != "worker_first_name"}
    services.case_update(case=case, actor=cast("company_hr"), fields=fields)
    services.case_submit(
        case=case, actor=cast("company_hr"), chamber=Organisation.objects.get(key="ihk-hannover")
    )
    case_run_precheck(case=case, actor=cast("ihk_adviser"))
    for key in ("jobcenter-region", "hwk-hannover"):
        services.case_involve_partner(
            case=case, actor=cast("ihk_adviser"), organisation=Organisation.objects.get(key=key)
        )
    case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    accepted(case, authority=cast("zentralstelle_caseworker"))
    services.case_request_consent(case=case, actor=cast("zentralstelle_caseworker"))
    services.case_decide_consent(
        case=case, actor=cast("aa_caseworker"), given=False, reason=REFUSAL
    )
    return Case.objects.get(pk=case.pk)


# --- the table ------------------------------------------------------------------------------------


def test_every_intake_field_belongs_to_exactly_one_part_or_the_stage():
    placed = [name for names in FIELDS.values() for name in names]
    assert len(placed) == len(set(placed))
    assert set(placed) | set(ALWAYS_SHOWN) == set(INTAKE_FIELDS)


def test_every_event_type_is_decided_once():
    """A new event type needs a decision: which places of its payload belong to which part."""
    decided = set(PLACES) - {"case", "family", "assessment"}
    assert decided.isdisjoint(STAGE_ONLY)
    assert decided | STAGE_ONLY == set(EventType.values)


def test_the_readme_prints_the_rule():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert readme_table() in readme


def test_no_partner_sees_passport_salary_or_pre_check_unless_its_part_needs_it():
    """The issue's examples: the Welcome Center and the Jobcenter see no passport number, salary
    or pre-check; the Agentur für Arbeit sees what consent needs but not the passport."""
    for audience in (Audience.WELCOME_CENTER, Audience.JOBCENTER):
        assert SEES[audience].isdisjoint({Part.PASSPORT, Part.SALARY, Part.PRECHECK})
    agency = SEES[Audience.EMPLOYMENT_AGENCY]
    assert {Part.QUALIFICATION, Part.JOB, Part.SALARY} <= agency and Part.PASSPORT not in agency


def test_every_demo_reader_reads_as_its_audience(full_case, cast):
    for audience, key in READERS.items():
        assert view_for(user=cast(key).user, case=full_case).audiences == {audience}, key


# --- field by field: the page, the API, the export -----------------------------------------------


def _labels():
    return {name: str(Case._meta.get_field(name).verbose_name) for name in INTAKE_FIELDS}


@pytest.mark.parametrize("audience", list(READERS), ids=str)
def test_the_case_page_shows_each_field_only_to_those_who_need_it(audience, full_case, login):
    response = login(READERS[audience]).get(reverse("cases:detail", args=[full_case.pk]))
    page = html.unescape(response.content.decode())
    leaks, missing = [], []
    with_labels = _labels()
    for name, part in PART_OF.items():
        sees = part in SEES[audience]
        if bool(re.search(rf"<dt[^>]*>{re.escape(with_labels[name])}</dt>", page)) != sees:
            (missing if sees else leaks).append(name)
        if name in DISTINCT and (shown(DISTINCT[name]) in page) != sees:
            (missing if sees else leaks).append(f"{name} value")
    assert leaks == [] and missing == []
    sees = SEES[audience]
    assert (SPOUSE in page) == (Part.FAMILY in sees)
    assert (MISSING in page) == (Part.REASONS in sees)
    assert (REFUSAL in page) == (Part.CONSENT in sees)
    assert (response.context["assessment"] is not None) == (Part.PRECHECK in sees)
    hints = {
        Part.PRECHECK: "Die Fakten und das Ergebnis der Vorprüfung werden",
        Part.FAMILY: "Die Angaben zu den Familienangehörigen werden",
    }
    for part, hint in hints.items():
        assert (hint in page) == (part not in sees), part


@pytest.mark.parametrize("audience", list(READERS), ids=str)
def test_the_api_case_and_events_show_each_field_only_to_those_who_need_it(
    audience, full_case, login
):
    client = login(READERS[audience])
    case = client.get(f"/api/v1/cases/{full_case.pk}").json()
    leaks, missing = [], []
    for name, part in PART_OF.items():
        sees = part in SEES[audience]
        if (name in case["withheld"]) == sees:
            (missing if sees else leaks).append(f"withheld {name}")
        if (case[name] is not None) != sees and getattr(full_case, name) not in (None, ""):
            (missing if sees else leaks).append(name)
    assert leaks == [] and missing == []
    events = json.dumps(client.get(f"/api/v1/cases/{full_case.pk}/events").json())
    for name, value in DISTINCT.items():
        text = value.isoformat() if isinstance(value, datetime.date) else str(value)
        assert (text in events) == (PART_OF[name] in SEES[audience]), name
    assert (SPOUSE in events) == (Part.FAMILY in SEES[audience])
    assert (MISSING in events) == (Part.REASONS in SEES[audience])
    assert (REFUSAL in events) == (Part.CONSENT in SEES[audience])
    assert ('"assessment": {"$withheld": true}' in events) == (Part.PRECHECK not in SEES[audience])


@pytest.mark.parametrize("audience", list(READERS), ids=str)
def test_the_data_export_holds_each_field_only_for_those_who_need_it(audience, full_case, login):
    client = login(READERS[audience])
    response = client.get(f"/api/v1/cases/{full_case.pk}/export", {"person": "worker"})
    assert response.status_code == 200, response.content
    export = response.json()
    text = json.dumps(export, ensure_ascii=False)
    withheld = {"$withheld": True}
    leaks, missing = [], []
    for name, part in PART_OF.items():
        sees = part in SEES[audience]
        if (export["intake"][name] != withheld) != sees:
            (missing if sees else leaks).append(name)
    for name, value in DISTINCT.items():
        written = value.isoformat() if isinstance(value, datetime.date) else str(value)
        if (written in text) != (PART_OF[name] in SEES[audience]):
            (missing if PART_OF[name] in SEES[audience] else leaks).append(f"{name} value")
    assert leaks == [] and missing == []
    assert set(export["withheld_parts"]) == set(Part.values) - SEES[audience]
    assert (SPOUSE in text) == (Part.FAMILY in SEES[audience])
    assert (MISSING in text) == (Part.REASONS in SEES[audience])
    assert (REFUSAL in text) == (Part.CONSENT in SEES[audience])
    assert (export["prechecks"][0]["assessment"] != withheld) == (Part.PRECHECK in SEES[audience])
    assert (export["read_log"] != withheld) == (Part.READ_LOG in SEES[audience])


def test_audiences_without_a_reader_in_the_demo_project_as_the_table_says(full_case):
    """The recognition body (not yet brought into cases) through the projection itself."""
    event = full_case.events.get(type=EventType.CASE_CREATED)
    for audience in (Audience.RECOGNITION_BODY, Audience.PLATFORM):
        data = project(view_of(audience), event.type, {"fields": dict(event.payload["fields"])})
        for name, part in PART_OF.items():
            withheld = repr(data["fields"].get(name)) == "WITHHELD"
            assert withheld == (part not in SEES[audience]), (audience, name)


def test_a_person_in_two_organisations_sees_what_either_may(full_case, cast):
    """The Welcome Center's lead is also a member of the Jobcenter: both parts, no more."""
    view = view_for(user=cast("welcome_lead").user, case=full_case)
    assert view.audiences == {Audience.WELCOME_CENTER, Audience.JOBCENTER}
    assert view.parts == SEES[Audience.WELCOME_CENTER] | SEES[Audience.JOBCENTER]


# --- the data export ------------------------------------------------------------------------------


def test_the_company_exports_its_worker_from_the_case_page_and_it_is_logged(full_case, login):
    client = login("company_hr")
    page = client.get(reverse("cases:detail", args=[full_case.pk])).content.decode()
    link = reverse("cases:export", args=[full_case.pk]) + "?person=worker"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    export = json.loads(response.content)
    assert export["intake"]["worker_passport_number"] == "Z5318204"
    assert export["withheld_parts"] == []
    assert [event["seq"] for event in export["events"]] == list(
        full_case.events.order_by("seq").values_list("seq", flat=True)
    )
    assert export["prechecks"][0]["outcome"]
    actions = {row["action"] for row in export["read_log"]}
    assert "page" in actions
    entry = CaseAccess.objects.filter(case=full_case).latest("at", "pk")
    assert entry.action == "export.worker"
    assert entry.organisation_id == full_case.company_id


def test_a_family_members_export_holds_that_person_only(full_case, login):
    spouse = full_case.family.get()
    response = login("company_hr").get(
        f"/api/v1/cases/{full_case.pk}/export", {"person": str(spouse.pk)}
    )
    export = response.json()
    assert export["person"] == {"kind": "family_member", "id": str(spouse.pk)}
    assert export["intake"] is None and export["prechecks"] == []
    assert [member["first_name"] for member in export["family"]] == [SPOUSE]
    assert {event["type"] for event in export["events"]} == {"family.added"}
    assert "Z5318204" not in json.dumps(export)
    assert CaseAccess.objects.filter(case=full_case).latest("at", "pk").action == "export.family"


@pytest.mark.parametrize("person", ["someone", "00000000-0000-4000-8000-000000000000"])
def test_an_unknown_person_is_not_found_and_nothing_is_logged(person, full_case, login):
    before = CaseAccess.objects.filter(case=full_case).count()
    response = login("company_hr").get(f"/api/v1/cases/{full_case.pk}/export", {"person": person})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert CaseAccess.objects.filter(case=full_case).count() == before


def test_a_plain_member_may_not_export(full_case, login, cast):
    """Those who only read the case make no exports (the guard asks the role)."""
    from lotse.cases.guards import case_can_export_person

    member = cast("welcome_adviser")
    member.role = "member"
    assert not case_can_export_person(case=full_case, actor=member)
    assert case_can_export_person(case=full_case, actor=cast("welcome_adviser"))


def test_the_platform_administrator_exports_by_reference_and_it_is_logged(full_case, client):
    admin = get_user_model().objects.get(email="admin@lotse.example")
    client.force_login(admin)
    url = reverse("cases:platform_export")
    assert client.get(url).status_code == 200
    response = client.get(url, {"reference": full_case.reference})
    assert response.status_code == 200
    export = json.loads(response.content)
    assert export["intake"]["worker_passport_number"] == "Z5318204"
    entry = CaseAccess.objects.filter(case=full_case).latest("at", "pk")
    assert (entry.user, entry.organisation, entry.action) == (admin, None, "export.worker")
    refused = client.get(url, {"reference": "2026-NOTACASE"})
    assert refused.status_code == 404 and "reference" in refused.content.decode()


def test_the_platform_export_page_does_not_exist_for_members(full_case, login):
    client = login("company_admin")
    assert (
        client.get(reverse("cases:platform_export"), {"reference": full_case.reference}).status_code
        == 404
    )


# --- bringing a partner in ------------------------------------------------------------------------


def test_involving_a_partner_asks_for_confirmation_naming_what_it_will_see(
    story, login, post_step, mailoutbox, django_capture_on_commit_callbacks
):
    case = story("Raman")
    jobcenter = Organisation.objects.get(key="jobcenter-region")
    with translation.override("de"):
        sees = will_see(kind=jobcenter.kind)
    assert "Gehalt und" not in sees and "Reisepassnummer" not in sees and "Familien" in sees
    client = login("ihk_adviser")
    url = reverse("cases:detail", args=[case.pk])
    page = html.unescape(client.get(url, {"step": "involve_partner"}).content.decode())
    assert f"{jobcenter} sieht dann: {sees}." in page
    refused = post_step(client, "involve_partner", case, organisation="jobcenter-region")
    assert refused.status_code == 200  # the page again, the form with its field message
    assert f"Bitte bestätigen Sie – {jobcenter} sieht dann: {sees}." in html.unescape(
        refused.content.decode()
    )
    assert not Participant.objects.filter(case=case, organisation=jobcenter).exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = post_step(
            client, "involve_partner", case, organisation="jobcenter-region", confirm="on"
        )
    assert done.status_code == 302
    assert Participant.objects.filter(case=case, organisation=jobcenter).exists()
    told = {mail.to[0] for mail in mailoutbox}
    assert "hr@mueller-technik.example" in told  # the company hears who sees its case now


def test_the_command_line_export_is_for_platform_administrators_and_logged(full_case):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("person_export", full_case.reference, by="admin@lotse.example", stdout=out)
    assert json.loads(out.getvalue())["intake"]["worker_passport_number"] == "Z5318204"
    entry = CaseAccess.objects.filter(case=full_case).latest("at", "pk")
    assert (entry.user.email, entry.organisation, entry.action) == (
        "admin@lotse.example",
        None,
        "export.worker",
    )
    with pytest.raises(CommandError):
        call_command("person_export", full_case.reference, by="hr@mueller-technik.example")
    with pytest.raises(CommandError):
        call_command("person_export", "2026-NOTACASE", by="admin@lotse.example")


# --- per unit: the Agentur für Arbeit's consent team and its employer service ------------------


def test_need_to_know_follows_the_unit_taking_part(full_case, cast, client):
    """Consent is the consent team's part (the region data's unit): a colleague of the employer
    service in the same Agentur reads nothing of the consent file, on the page either; a member
    in no unit (the organisation as a whole) reads the Agentur's part."""
    from lotse.orgs.models import Role, Unit
    from lotse.orgs.services import membership_create

    agency = cast("aa_caseworker").organisation
    participant = Participant.objects.get(case=full_case, organisation=agency)
    assert participant.unit.kind == "consent_team"
    assert cast("aa_caseworker").unit == participant.unit
    employer_service = membership_create(
        organisation=agency,
        email="jonas.arndt@arbeitsagentur.example",
        role=Role.ADVISER,
        unit=Unit.objects.get(organisation=agency, kind="employer_service"),
    )
    whole = membership_create(
        organisation=agency, email="leitung@arbeitsagentur.example", role=Role.LEAD
    )
    assert view_for(user=employer_service.user, case=full_case).parts == frozenset()
    assert view_for(user=whole.user, case=full_case).audiences == {Audience.EMPLOYMENT_AGENCY}
    assert view_for(user=cast("aa_caseworker").user, case=full_case).sees(Part.CONSENT)
    client.force_login(employer_service.user)
    # the consent team's is the Agentur's only part: the case is not the employer service's at
    # all (`visibility.unit_sees`), not even its page
    response = client.get(reverse("cases:detail", args=[full_case.pk]))
    page = html.unescape(response.content.decode())
    assert response.status_code == 404
    assert REFUSAL not in page and DISTINCT["qualification_title"] not in page
