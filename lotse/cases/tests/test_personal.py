"""Personal values as salted commitments in the log, their store and erasure, and `audit verify`
folding the intake against the columns."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lotse.cases import services
from lotse.cases.audit import audit_report, audit_verify
from lotse.cases.models import Case, CaseEvent, FamilyMember, PersonalValue
from lotse.cases.personal import (
    COMMIT,
    PERSONAL_FIELDS,
    commitment,
    personal_values_erase,
)
from lotse.demo.stories import valid_intake
from lotse.orgs.models import Organisation

SPOUSE = {
    "relation": "spouse",
    "first_name": "Ilse",
    "last_name": "Quast",
    "birth_date": datetime.date(1990, 1, 2),
    "qualification": "Diplom-Biologin",
    "career": "",
}


@pytest.fixture
def fresh(cast):
    """A draft with a passport number and a family member found nowhere else."""
    actor = cast("company_hr")
    case = services.case_create(
        actor=actor,
        fields=valid_intake(worker_passport_number="QX7781234", worker_last_name="Quast"),
    )
    services.family_member_add(case=case, actor=actor, data=SPOUSE)
    return case


def stored_json(case) -> str:
    return json.dumps(list(CaseEvent.objects.filter(case=case).values_list("payload", flat=True)))


def problems(case) -> list[str]:
    _checked, broken = audit_verify()
    return [f"{link.seq}: {link.problem}" for link in broken if link.case_id == case.pk]


def test_personal_values_are_commitments_in_the_hashed_payload(fresh):
    text = stored_json(fresh)
    for secret in ("QX7781234", "Quast", "1994-03-08", "42000.00", "Diplom-Biologin", "Ilse"):
        assert secret not in text
    created = fresh.events.get(type="case.created")
    assert set(created.payload["fields"]["worker_passport_number"]) == {COMMIT}
    # What the procedure decides on stays readable.
    assert created.payload["fields"]["qualification_level"] == "vocational"
    assert fresh.events.get(type="family.added").payload["relation"] == "spouse"
    row = PersonalValue.objects.get(event=created, path="fields.worker_passport_number")
    assert row.value == "QX7781234" and row.person == "worker" and len(row.salt) == 64
    assert (
        commitment(row.value, row.salt)
        == created.payload["fields"]["worker_passport_number"][COMMIT]
    )


def test_each_value_has_its_own_salt(cast):
    """Two workers with the same birth date get different commitments for it."""
    actor = cast("company_hr")
    one, two = (services.case_create(actor=actor, fields=valid_intake()) for _ in range(2))
    digests = {
        case.events.get(type="case.created").payload["fields"]["worker_birth_date"][COMMIT]
        for case in (one, two)
    }
    assert len(digests) == 2


def test_timeline_and_api_still_show_the_values(fresh, login, cast):
    client = login("company_hr")
    events = client.get(f"/api/v1/cases/{fresh.pk}/events").json()
    created = next(event for event in events if event["type"] == "case.created")
    assert created["payload"]["fields"]["worker_passport_number"] == "QX7781234"
    added = next(event for event in events if event["type"] == "family.added")
    assert added["payload"]["first_name"] == "Ilse"
    returned(fresh, cast)
    assert "Transkript fehlt" not in stored_json(fresh)
    page = client.get(reverse("cases:detail", args=[fresh.pk])).content.decode()
    assert "Transkript fehlt" in page


def returned(case, cast):
    services.case_submit(
        case=case, actor=cast("company_hr"), chamber=Organisation.objects.get(key="ihk-hannover")
    )
    services.case_return(case=case, actor=cast("ihk_adviser"), missing="Transkript fehlt")


def test_erasing_a_case_leaves_every_chain_verifying_and_reports_erased(fresh, login, cast, capsys):
    returned(fresh, cast)
    erased = personal_values_erase(case=fresh)
    assert erased == PersonalValue.objects.filter(case=fresh).count() > 0
    assert not PersonalValue.objects.filter(case=fresh, erased_at__isnull=True).exists()
    assert set(PersonalValue.objects.filter(case=fresh).values_list("salt", flat=True)) == {""}
    fresh.refresh_from_db()
    assert fresh.worker_passport_number == "" and fresh.job_salary_eur is None
    assert FamilyMember.objects.get(case=fresh).first_name == ""
    report = audit_report()
    assert report.broken == []
    notes = [note.problem for note in report.erased if note.case_id == fresh.pk]
    assert "value of fields.worker_passport_number was erased on" in " ".join(notes)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert f"ERASED case {fresh.reference}" in out and "OK:" in out
    events = login("company_hr").get(f"/api/v1/cases/{fresh.pk}/events").json()
    created = next(event for event in events if event["type"] == "case.created")
    assert created["payload"]["fields"]["worker_passport_number"] == {"$erased": True}
    page = login("company_hr").get(reverse("cases:detail", args=[fresh.pk])).content.decode()
    assert "Transkript fehlt" not in page and "(gelöscht)" in page


def test_a_value_put_back_behind_the_log_after_erasure_is_named(fresh):
    personal_values_erase(case=fresh)
    Case.objects.filter(pk=fresh.pk).update(worker_passport_number="QX7781234")
    assert problems(fresh) == ["1: column worker_passport_number differs from the log"]


def test_erasing_one_family_member_leaves_the_worker(fresh):
    member = FamilyMember.objects.get(case=fresh)
    personal_values_erase(case=fresh, person=str(member.pk))
    member.refresh_from_db()
    fresh.refresh_from_db()
    assert member.last_name == "" and member.birth_date is None
    assert fresh.worker_passport_number == "QX7781234"
    kept = PersonalValue.objects.filter(case=fresh, erased_at__isnull=True)
    assert set(kept.values_list("person", flat=True)) == {"worker"}
    assert problems(fresh) == []


def test_erasing_the_worker_leaves_the_family(fresh):
    personal_values_erase(case=fresh, person="worker")
    assert FamilyMember.objects.get(case=fresh).first_name == "Ilse"
    fresh.refresh_from_db()
    assert all(getattr(fresh, name) in (None, "", []) for name in PERSONAL_FIELDS)
    assert problems(fresh) == []


def test_a_changed_stored_value_is_named(fresh):
    row = PersonalValue.objects.get(case=fresh, path="fields.worker_passport_number")
    PersonalValue.objects.filter(pk=row.pk).update(value="QX0000000")
    assert problems(fresh) == [
        "1: value of fields.worker_passport_number does not match its commitment"
    ]


def test_a_deleted_stored_value_is_named(fresh):
    PersonalValue.objects.filter(case=fresh, path="first_name").delete()
    assert problems(fresh) == ["2: value of first_name is missing from the value store"]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("worker_passport_number", "QX0000000"),  # personal: compared through its commitment
        ("job_title", "Hausmeister"),
        ("job_salary_eur", "99999.00"),
        ("workplace_municipality", "garbsen"),
    ],
)
def test_a_column_changed_behind_the_log_is_named(fresh, column, value):
    Case.objects.filter(pk=fresh.pk).update(**{column: value})
    assert problems(fresh) == [f"1: column {column} differs from the log"]


def test_an_update_is_folded_and_a_later_column_change_names_that_event(fresh):
    services.case_update(case=fresh, actor=fresh.created_by, fields={"job_title": "Elektriker"})
    assert problems(fresh) == []
    update = fresh.events.order_by("-seq").first()
    Case.objects.filter(pk=fresh.pk).update(job_title="Hausmeister")
    assert problems(fresh) == [f"{update.seq}: column job_title differs from the log"]


def test_family_rows_changed_behind_the_log_are_named(fresh):
    member = FamilyMember.objects.get(case=fresh)
    FamilyMember.objects.filter(pk=member.pk).update(last_name="Anders")
    assert problems(fresh) == [f"2: column last_name of family member {member.pk} differs"]
    FamilyMember.objects.filter(pk=member.pk).delete()
    assert problems(fresh) == [f"2: family member {member.pk} of the log is missing"]


def test_a_removed_family_member_folds_away(fresh):
    member = FamilyMember.objects.get(case=fresh)
    services.family_member_remove(case=fresh, actor=fresh.created_by, member=member)
    assert problems(fresh) == []


@pytest.mark.parametrize("given", ["Langenhagen", "03241010"])
def test_the_log_and_the_column_agree_on_the_municipality(cast, given):
    case = services.case_create(
        actor=cast("company_hr"),
        fields=valid_intake(workplace_municipality=given, workplace_postcode="30851"),
    )
    created = case.events.get(type="case.created")
    assert case.workplace_municipality == "langenhagen"
    assert created.payload["fields"]["workplace_municipality"] == "langenhagen"
    # Naming the same place another way is no change.
    services.case_update(
        case=case, actor=cast("company_hr"), fields={"workplace_municipality": "Langenhagen"}
    )
    assert case.events.count() == 1
    services.case_update(
        case=case, actor=cast("company_hr"), fields={"residence_municipality": "03241010"}
    )
    change = case.events.get(type="case.updated").payload["changes"]["residence_municipality"]
    assert change == {"old": "hannover", "new": "langenhagen"}
    assert problems(case) == []


def test_amounts_are_logged_as_the_column_holds_them(cast):
    case = services.case_create(actor=cast("company_hr"), fields=valid_intake(job_weekly_hours=40))
    created = case.events.get(type="case.created")
    assert created.payload["fields"]["job_weekly_hours"] == "40.0"
    services.case_update(case=case, actor=cast("company_hr"), fields={"job_weekly_hours": "40"})
    assert case.events.count() == 1


def test_audit_command_fails_on_a_changed_column(fresh, capsys):
    Case.objects.filter(pk=fresh.pk).update(worker_passport_number="QX0000000")
    with pytest.raises(CommandError):
        call_command("audit_verify")
    err = capsys.readouterr().err
    assert f"BROKEN case {fresh.reference}" in err
    assert "column worker_passport_number differs from the log" in err


def test_the_timeline_opens_every_value_in_one_query(fresh, django_assert_num_queries):
    from lotse.cases.selectors import case_timeline

    services.case_update(case=fresh, actor=fresh.created_by, fields={"worker_first_name": "Ida"})
    with django_assert_num_queries(1):  # the events bring their values along
        events = case_timeline(case=fresh)
    assert events[-1].data["changes"]["worker_first_name"] == {"old": "Marko", "new": "Ida"}


def test_every_event_type_is_declared_personal_or_not():
    """A new event type fails here until `cases/personal.py` says what in it is personal."""
    from lotse.cases.event_types import EventType
    from lotse.cases.personal import NOTHING_PERSONAL, PERSONAL_KEYS

    assert not set(PERSONAL_KEYS) & NOTHING_PERSONAL
    assert set(PERSONAL_KEYS) | NOTHING_PERSONAL == set(EventType.values)
