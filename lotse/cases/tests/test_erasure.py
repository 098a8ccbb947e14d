"""Erasure of personal data through the registered hooks: on the administrator's request and after
the retention period; values and salts go, every row, event and chain stays."""

import datetime
import json
import logging
import re
import uuid
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from lotse.cases import services
from lotse.cases.audit import audit_report
from lotse.cases.erasure import (
    FAMILY,
    FREE_TEXT,
    INTAKE,
    PRECHECK,
    ErasureBasis,
    personal_data_erase,
)
from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.cases.models import Case, CaseEvent, FamilyMember, PersonalValue
from lotse.cases.personal import COMMIT, PERSONAL_KEYS
from lotse.cases.prechecks import case_run_precheck
from lotse.cases.retention import cases_due, retention_erase
from lotse.core import clock
from lotse.core.erasure import erasure_hooks
from lotse.core.errors import DomainError
from lotse.core.periodic import run_once
from lotse.demo.stories import valid_intake
from lotse.documents.erasure import LOGGED as DOCUMENTS
from lotse.forwarding.erasure import LOGGED as FORWARDING
from lotse.orgs.models import Organisation

# Values found nowhere else in the database: after erasure none of them may be left anywhere.
SECRETS = (
    "QX7781234",  # passport number
    "Quastenberg",  # the worker's and the spouse's last name, also in free texts
    "Ilsabe",  # the spouse's first name
    "Meeresbiologin",  # the spouse's qualification
    "47123",  # the salary, also quoted by the pre-check's explanations
    "47.123",
    "quast@example.org",
    "Transkript der Frau",  # what the chamber found missing
    "Bitte weiterleiten",  # the company's note asking for forwarding
    "Umzug nach Kanada",  # the reason for withdrawal
)
SPOUSE = {
    "relation": "spouse",
    "first_name": "Ilsabe",
    "last_name": "Quastenberg",
    "birth_date": datetime.date(1990, 1, 2),
    "qualification": "Meeresbiologin",
    "career": "",
}


HASH = re.compile(r"[0-9a-f]{32,}")


def _searchable(value):
    """A stored value as the search reads it: times, ids and hex digests dropped, since a secret's
    digits turn up in them by chance (microseconds, hashes) and no personal value is one of them."""
    if isinstance(value, dict):
        return {key: _searchable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_searchable(item) for item in value]
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | uuid.UUID | bytes):
        return ""
    if isinstance(value, memoryview) or (isinstance(value, str) and HASH.fullmatch(value)):
        return ""
    return value


def database_text() -> str:
    """Every row of every table, as text: where a personal value could still sit."""
    rows = []
    for model in apps.get_models():
        rows.extend(_searchable(row) for row in model.objects.values())
    return json.dumps(rows, default=str, ensure_ascii=False)


def left_over(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("plattform@example.org", "x" * 16)


def lived(cast) -> Case:
    """A case that went through intake, family, self-check, submission, pre-check, return,
    a note asking for forwarding and a withdrawal: personal data in every kind of place."""
    company, adviser = cast("company_hr"), cast("ihk_adviser")
    case = services.case_create(
        actor=company,
        fields=valid_intake(
            worker_last_name="Quastenberg",
            worker_passport_number="QX7781234",
            worker_email="quast@example.org",
            job_salary_eur=Decimal("47123.00"),
        ),
    )
    services.family_member_add(case=case, actor=company, data=SPOUSE)
    case_run_precheck(case=case, actor=company)
    chamber = Organisation.objects.get(key="ihk-hannover")
    services.case_submit(case=case, actor=company, chamber=chamber)
    case_run_precheck(case=case, actor=adviser)
    services.case_return(case=case, actor=adviser, missing="Transkript der Frau Quastenberg fehlt")
    services.case_answer_return(
        case=case, actor=company, text="Frau Quastenberg reicht das Transkript nach"
    )
    services.case_submit(case=case, actor=company, chamber=chamber)
    services.case_advise_no_prospect(case=case, actor=adviser, reasons="§ 18a AufenthG")
    services.case_request_forwarding(
        case=case, actor=company, note="Bitte weiterleiten, Frau Quastenberg wartet"
    )
    services.case_withdraw(case=case, actor=company, reason="Umzug nach Kanada")
    case.refresh_from_db()
    return case


def test_the_hooks_cover_every_personal_place():
    """A new personal place in the log needs a hook that erases it."""
    every = {(str(type), ".".join(path)) for type, paths in PERSONAL_KEYS.items() for path in paths}
    covered = set()
    for places in (INTAKE, FAMILY, PRECHECK, FREE_TEXT, DOCUMENTS, FORWARDING):
        covered |= {(type, path) for type, paths in places.items() for path in paths}
    assert covered == every
    names = [hook.name for hook in erasure_hooks()]
    for name in ("cases.intake", "cases.family", "cases.precheck", "cases.free_text"):
        assert name in names


def test_a_lived_case_holds_its_secrets_before_erasure(cast):
    """The search below can fail: before erasure the values are in the database."""
    case = lived(cast)
    assert left_over(database_text()) == list(SECRETS)
    assert PersonalValue.objects.filter(case=case, event__type=EventType.PRECHECK_RUN).exists()


def test_erasure_on_request_leaves_no_value_and_every_chain_verifies(cast, admin_user, capsys):
    case = lived(cast)
    events_before = CaseEvent.objects.filter(case=case).count()
    call_command(
        "erase_person",
        case=case.reference,
        reason="Antrag nach Art. 17 DSGVO, Vorgang 2026-117",
        by=admin_user.email,
    )
    assert "Erased: case" in capsys.readouterr().out

    assert left_over(database_text()) == []
    # Values, never rows: every event stays and one more records the erasure.
    assert CaseEvent.objects.filter(case=case).count() == events_before + 1
    assert FamilyMember.objects.filter(case=case).count() == 1
    erased = CaseEvent.objects.filter(case=case).order_by("-seq").first()
    assert erased.type == EventType.PERSONAL_DATA_ERASED
    assert erased.user == admin_user and erased.actor is None
    assert erased.payload["basis"] == "request" and erased.payload["scope"] == "case"
    assert set(erased.payload["reason"]) == {COMMIT}  # the reason may name the person
    counts = erased.payload["erased"]
    assert all(counts[name] > 0 for name in ("cases.intake", "cases.family"))
    # three pre-check runs (the self-check, the chamber's, its run again on resubmission); five
    # free texts (the return, its answer, the advice, the note asking for forwarding, the withdrawal)
    assert counts["cases.precheck"] == 3 and counts["cases.free_text"] == 5
    # Only the administrator's reason of the erasure itself is still stored.
    kept = PersonalValue.objects.filter(case=case, erased_at__isnull=True)
    assert list(kept.values_list("event__type", "path")) == [("personal_data.erased", "reason")]

    report = audit_report()
    assert report.broken == []
    assert sum(1 for note in report.erased if note.case_id == case.pk) == sum(counts.values())
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert f"ERASED case {case.reference}: {sum(counts.values())} personal values erased" in out
    assert "OK:" in out


def test_a_second_erasure_erases_nothing_more_and_still_verifies(cast, admin_user):
    case = lived(cast)
    personal_data_erase(case=case, basis=ErasureBasis.REQUEST, user=admin_user, reason="eins")
    again = personal_data_erase(
        case=case, basis=ErasureBasis.REQUEST, user=admin_user, reason="zwei"
    )
    # The first erasure's reason is free text too, so the second erases it; nothing else is left.
    assert again.payload["erased"]["cases.free_text"] == 1
    assert sum(again.payload["erased"].values()) == 1
    assert audit_report().broken == []


def test_only_the_platform_administrator_erases_on_request(cast):
    case = lived(cast)
    staff = cast("ihk_adviser").user
    with pytest.raises(DomainError) as refused:
        personal_data_erase(case=case, basis=ErasureBasis.REQUEST, user=staff, reason="weil")
    assert refused.value.code == CaseError.NOT_ADMINISTRATOR
    with pytest.raises(CommandError, match="Administration der Plattform"):
        call_command("erase_person", case=case.reference, reason="weil", by=staff.email)
    assert not CaseEvent.objects.filter(case=case, type=EventType.PERSONAL_DATA_ERASED).exists()
    assert left_over(database_text()) == list(SECRETS)


def test_a_request_needs_a_reason_and_a_known_case(cast, admin_user):
    case = lived(cast)
    with pytest.raises(DomainError) as refused:
        personal_data_erase(case=case, basis=ErasureBasis.REQUEST, user=admin_user, reason=" ")
    assert refused.value.code == CaseError.REASON_REQUIRED
    with pytest.raises(CommandError, match="No case"):
        call_command("erase_person", case="2026-NOPE", reason="x", by=admin_user.email)
    with pytest.raises(CommandError, match="No account"):
        call_command("erase_person", case=case.reference, reason="x", by="niemand@example.org")
    assert PersonalValue.objects.filter(case=case, erased_at__isnull=False).count() == 0


def test_erasing_one_family_member(cast, admin_user):
    case = lived(cast)
    member = FamilyMember.objects.get(case=case)
    event = personal_data_erase(
        case=case,
        basis=ErasureBasis.REQUEST,
        user=admin_user,
        reason="Antrag der Ehefrau",
        person=str(member.pk),
    )
    assert event.payload["scope"] == "member" and event.payload["member"] == str(member.pk)
    assert event.payload["erased"]["cases.family"] == 4
    assert sum(event.payload["erased"].values()) == 4
    member.refresh_from_db()
    case.refresh_from_db()
    assert member.first_name == "" and member.qualification == ""
    assert case.worker_passport_number == "QX7781234"
    assert audit_report().broken == []
    with pytest.raises(DomainError) as refused:
        personal_data_erase(
            case=case,
            basis=ErasureBasis.REQUEST,
            user=admin_user,
            reason="x",
            person="00000000-0000-0000-0000-000000000000",
        )
    assert refused.value.code == CaseError.UNKNOWN_PERSON


def withdrawn_on(cast, day: datetime.date) -> Case:
    company = cast("company_hr")
    with clock.travel_to(day):
        case = services.case_create(actor=company, fields=valid_intake())
        services.case_withdraw(case=case, actor=company, reason="Stelle anders besetzt")
    return case


def retention_events(case: Case):
    return CaseEvent.objects.filter(
        case=case, type=EventType.PERSONAL_DATA_ERASED, payload__basis="retention"
    )


@override_settings(LOTSE_RETENTION_DAYS=365)
def test_retention_erases_exactly_the_cases_past_the_period(cast, admin_user, caplog):
    today = clock.today()
    past = withdrawn_on(cast, today - datetime.timedelta(days=400))
    recent = withdrawn_on(cast, today - datetime.timedelta(days=300))
    with clock.travel_to(today - datetime.timedelta(days=800)):
        running = services.case_create(actor=cast("company_hr"), fields=valid_intake())
    erased_before = withdrawn_on(cast, today - datetime.timedelta(days=500))
    personal_data_erase(
        case=erased_before, basis=ErasureBasis.REQUEST, user=admin_user, reason="Antrag"
    )
    mine = {past.pk, recent.pk, running.pk, erased_before.pk}
    assert set(cases_due().values_list("pk", flat=True)) & mine == {past.pk}

    with caplog.at_level(logging.INFO, logger="lotse.cases.retention"):
        outcomes = {outcome.name: outcome for outcome in run_once()}
    assert outcomes["cases.retention"].ran and not outcomes["cases.retention"].error
    assert outcomes["cases.retention"].result >= 1
    assert retention_events(past).count() == 1
    for kept in (recent, running, erased_before):
        assert not retention_events(kept).exists()
    for kept in (recent, running):
        kept.refresh_from_db()
        assert kept.worker_passport_number == "P1234567"
    past.refresh_from_db()
    assert past.worker_passport_number == "" and past.job_salary_eur is None
    event = retention_events(past).get()
    assert event.user is None and event.actor is None and event.payload["reason"] == ""
    # The log says how many, never whose.
    messages = [record.getMessage() for record in caplog.records]
    assert any("personal data of" in message for message in messages)
    assert not any(past.reference in message for message in messages)
    # Idempotent: a second run finds nothing.
    assert retention_erase() == 0
    assert retention_events(past).count() == 1
    assert audit_report().broken == []


@override_settings(LOTSE_RETENTION_DAYS=365)
def test_a_case_erased_before_it_ended_is_due_again_after_the_period(cast, admin_user):
    company = cast("company_hr")
    today = clock.today()
    with clock.travel_to(today - datetime.timedelta(days=500)):
        case = services.case_create(actor=company, fields=valid_intake())
        personal_data_erase(case=case, basis=ErasureBasis.REQUEST, user=admin_user, reason="x")
    with clock.travel_to(today - datetime.timedelta(days=400)):
        services.case_update(case=case, actor=company, fields=valid_intake())
        services.case_withdraw(case=case, actor=company)
    assert retention_erase() >= 1
    assert retention_events(case).count() == 1
    case.refresh_from_db()
    assert case.worker_passport_number == ""


def test_pages_and_api_say_erased(cast, admin_user, login, client):
    case = lived(cast)
    personal_data_erase(case=case, basis=ErasureBasis.REQUEST, user=admin_user, reason="Antrag")
    browser = login("company_hr")
    page = browser.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert left_over(text) == []
    assert "(gelöscht)" in text and "wurden am" in text and "gelöscht" in text
    assert "Personenbezogene Daten gelöscht" in text  # the event in the timeline
    assert "Kein Ergebnis der Vorprüfung anzuzeigen" in text

    detail = browser.get(f"/api/v1/cases/{case.pk}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["personal_data_erased_at"] is not None
    assert body["worker_passport_number"] == "" and body["job_salary_eur"] is None
    events = browser.get(f"/api/v1/cases/{case.pk}/events")
    assert events.status_code == 200
    assert left_over(events.content.decode()) == []
    withdrawn = next(e for e in events.json() if e["type"] == "case.withdrawn")
    assert withdrawn["payload"]["reason"] == {"$erased": True}

    english = browser.get(
        reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "(erased)" in english


def test_the_list_and_api_list_survive_an_erased_case(cast, admin_user, login):
    case = lived(cast)
    personal_data_erase(case=case, basis=ErasureBasis.REQUEST, user=admin_user, reason="Antrag")
    browser = login("company_hr")
    assert browser.get(reverse("cases:list")).status_code == 200
    listed = browser.get("/api/v1/cases")
    assert listed.status_code == 200
    assert left_over(listed.content.decode()) == []


def test_the_administrator_erases_on_the_admin_page(cast, admin_user, client):
    case = lived(cast)
    client.force_login(admin_user)
    url = reverse("admin_erasure")
    page = client.get(url)
    assert page.status_code == 200 and "Art. 17" in page.content.decode()
    answer = client.post(
        url,
        {"reference": case.reference, "reason": "Antrag vom 1. November", "confirm": "on"},
        follow=True,
    )
    assert answer.status_code == 200
    assert case.reference in answer.content.decode()
    event = CaseEvent.objects.filter(case=case, type=EventType.PERSONAL_DATA_ERASED).get()
    assert event.user == admin_user and event.payload["basis"] == "request"
    assert left_over(database_text()) == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": "", "confirm": "on"}, "reason"),
        ({"reason": "Antrag\x00", "confirm": "on"}, "reason"),
        ({"reason": "Antrag"}, "confirm"),
        ({"reason": "Antrag", "confirm": "on", "reference": "2026-NOPE"}, "reference"),
        ({"reason": "Antrag", "confirm": "on", "person": "jemand"}, "person"),
    ],
)
def test_the_admin_page_refuses_bad_input_with_a_field_message(
    cast, admin_user, client, data, field
):
    case = lived(cast)
    client.force_login(admin_user)
    answer = client.post(reverse("admin_erasure"), {"reference": case.reference} | data)
    assert answer.status_code == 200
    assert field in answer.context["form"].errors
    assert not CaseEvent.objects.filter(case=case, type=EventType.PERSONAL_DATA_ERASED).exists()
    assert left_over(database_text()) == list(SECRETS)


def test_staff_without_platform_rights_cannot_open_the_erasure_page(cast, client):
    user = cast("ihk_adviser").user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    assert client.get(reverse("admin_erasure")).status_code == 403
