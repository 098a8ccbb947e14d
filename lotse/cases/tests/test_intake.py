"""Intake: every invalid field gets a message at the field, in the user's language, and nothing
is stored; a request too large gets a clear page, not Django's bare 400."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import translation

from lotse.cases.models import Case, CaseEvent
from lotse.core import clock
from lotse.demo.stories import valid_intake


def form_data(**overrides) -> dict:
    data = {}
    for name, value in valid_intake(**overrides).items():
        if name == "worker_languages":
            data["languages"] = ", ".join(f"{e['language']} {e['level']}" for e in value)
        elif isinstance(value, bool):
            data[name] = "true" if value else "false"
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(value)
    data["consent_given"] = "on"
    return data


def counts():
    return Case.objects.count(), CaseEvent.objects.count()


BAD_FIELDS = [
    ("worker_birth_date", "2999-01-01", {"de": "in der Zukunft", "en": "in the future"}),
    ("job_salary_eur", "-100", {"de": "größer oder gleich 0", "en": "greater than or equal to 0"}),
    ("workplace_postcode", "3015", {"de": "fünf Ziffern", "en": "five digits"}),
    (
        "worker_last_name",
        "x" * 10_000,
        {"de": "höchstens 100 Zeichen", "en": "at most 100 characters"},
    ),
    ("languages", "de B7", {"de": "keine GER-Niveaustufe", "en": "not a CEFR level"}),
]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(("field", "value", "message"), BAD_FIELDS)
def test_bad_intake_field_is_named_and_nothing_is_stored(login, field, value, message, language):
    client = login("company_hr")
    client.cookies["django_language"] = language
    before = counts()
    response = client.post(
        reverse("cases:new"), form_data() | {field: value}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message[language] in " ".join(errors[field])
    assert counts() == before


def test_valid_intake_creates_a_draft_with_one_event(login):
    client = login("company_hr")
    before = counts()
    response = client.post(reverse("cases:new"), form_data())
    assert response.status_code == 302
    assert counts() == (before[0] + 1, before[1] + 1)
    case = Case.objects.order_by("-created_at").first()
    assert case.state == "draft" and case.german_level == "A2"
    assert case.events.get().type == "case.created"


def test_postcode_preselects_the_municipality(login):
    client = login("company_hr")
    client.post(
        reverse("cases:new"), form_data(workplace_municipality="") | {"workplace_postcode": "30851"}
    )
    assert Case.objects.order_by("-created_at").first().workplace_municipality == "langenhagen"


def test_invalid_edit_changes_nothing(login, story):
    case = story("Jovanović")
    client = login("company_hr")
    before = (counts(), Case.objects.filter(pk=case.pk).values().get())
    response = client.post(
        reverse("cases:edit", args=[case.pk]),
        form_data(worker_first_name="Aleksandar") | {"job_salary_eur": "-1"},
    )
    assert "job_salary_eur" in response.context["form"].errors
    assert (counts(), Case.objects.filter(pk=case.pk).values().get()) == before


def test_edit_appends_an_event_with_old_and_new(login, story):
    case = story("Jovanović")
    client = login("company_hr")
    data = form_data(
        worker_first_name="Aleksandar", worker_last_name="Jovanović", consent_given=False
    )
    data["job_title"] = "Elektroniker (m/w/d)"
    client.post(reverse("cases:edit", args=[case.pk]), data)
    event = case.events.order_by("-seq").first()
    assert event.type == "case.updated"
    assert event.payload["changes"]["job_title"] == {
        "old": "Elektroniker für Betriebstechnik",
        "new": "Elektroniker (m/w/d)",
    }


def test_submit_with_missing_fields_is_refused_and_changes_nothing(login, cast, post_step):
    from lotse.cases.services import case_create

    case = case_create(actor=cast("company_hr"), fields={"worker_last_name": "Leer"})
    client = login("company_hr")
    before = counts()
    chamber = cast("ihk_adviser").organisation
    response = post_step(client, "submit", case, chamber=chamber.key, follow=True)
    assert (
        "nicht vollständig" in response.content.decode()
        or "not complete" in response.content.decode()
    )
    case.refresh_from_db()
    assert case.state == "draft" and counts() == before


@pytest.mark.parametrize("language", ["de", "en"])
def test_ten_megabyte_request_gets_a_clear_page_and_stores_nothing(login, language):
    client = login("company_hr")
    before = counts()
    big = form_data() | {"worker_first_name": "x" * (10 * 1024 * 1024)}
    response = client.post(reverse("cases:new"), big, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 413
    text = response.content.decode()
    with translation.override(language):
        assert ("zu groß" in text) if language == "de" else ("too large" in text)
    assert counts() == before


def test_ten_megabyte_api_request_gets_the_error_envelope(login):
    client = login("company_hr")
    before = counts()
    body = json.dumps({"worker_first_name": "x" * (10 * 1024 * 1024)})
    response = client.post("/api/v1/cases", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert counts() == before


API_BAD = [
    ({"worker_birth_date": "2999-01-01"}, "worker_birth_date"),
    ({"job_salary_eur": "-5"}, "job_salary_eur"),
    ({"workplace_postcode": "ABCDE"}, "workplace_postcode"),
    ({"worker_first_name": "x" * 10_000}, "worker_first_name"),
    ({"qualification_level": "doctorate"}, "qualification_level"),
    ({"shoe_size": 44}, "shoe_size"),
    ({"workplace_municipality": "atlantis"}, "workplace_municipality"),
]


@pytest.mark.parametrize(("payload", "field"), API_BAD)
def test_api_refuses_bad_intake_with_the_field_named(login, payload, field):
    client = login("company_hr")
    before = counts()
    response = client.post("/api/v1/cases", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"]
    assert counts() == before


def test_api_creates_and_a_partner_cannot(login):
    client = login("company_hr")
    created = client.post(
        "/api/v1/cases", json.dumps({"worker_last_name": "Api"}), content_type="application/json"
    )
    assert created.status_code == 201
    ihk = login("ihk_adviser")
    refused = ihk.post(
        "/api/v1/cases", json.dumps({"worker_last_name": "Api"}), content_type="application/json"
    )
    assert refused.status_code == 403 and refused.json()["code"] == "not_your_step"


def test_birth_date_today_is_accepted(login):
    client = login("company_hr")
    response = client.post(
        reverse("cases:new"), form_data() | {"worker_birth_date": clock.today().isoformat()}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("48000", "48000"),
        ("48000.00", "48000.00"),
        ("48.000,00", "48000.00"),
        ("48,000.00", "48000.00"),
        ("48.000", "48000"),
        ("37,5", "37.5"),
        ("52 000 €", "52000"),
    ],
)
def test_amounts_are_read_in_german_and_english_notation(typed, amount):
    from lotse.cases.forms import normalise_amount

    assert normalise_amount(typed) == amount


def test_german_salary_notation_is_stored_as_the_amount(login):
    from decimal import Decimal

    client = login("company_hr")
    client.post(
        reverse("cases:new"),
        form_data() | {"job_salary_eur": "48.500,50", "job_weekly_hours": "38,5"},
    )
    case = Case.objects.order_by("-created_at").first()
    assert case.job_salary_eur == Decimal("48500.50") and case.job_weekly_hours == Decimal("38.5")


@pytest.mark.parametrize(
    ("relation", "birth_date", "ok"),
    [
        ("child", "2010-01-01", True),
        ("child", "2000-01-01", False),
        ("spouse", "1990-05-05", True),
        ("spouse", "2015-05-05", False),
    ],
)
def test_family_members_follow_the_age_rules(login, story, relation, birth_date, ok, post_step):
    case = story("Jovanović")
    before = case.family.count()
    client = login("company_hr")
    post_step(
        client,
        "family_add",
        case,
        relation=relation,
        first_name="Mila",
        last_name="Jovanović",
        birth_date=birth_date,
    )
    assert case.family.count() == before + (1 if ok else 0)


def test_age_counts_completed_years_and_29_february():
    from lotse.cases.validators import age_on

    d = datetime.date
    assert age_on(d(2008, 2, 29), d(2026, 2, 28)) == 17
    assert age_on(d(2008, 2, 29), d(2026, 3, 1)) == 18
    assert age_on(d(1990, 6, 15), d(2026, 6, 15)) == 36


def test_api_null_clears_a_text_field_instead_of_failing(login):
    client = login("company_hr")
    body = json.dumps({"worker_last_name": "Null", "job_title": None, "consent_given": None})
    response = client.post("/api/v1/cases", body, content_type="application/json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.job_title == "" and case.consent_given is False


def test_api_errors_outside_the_operations_use_the_envelope(login):
    client = login("company_hr")
    not_allowed = client.delete("/api/v1/cases")
    assert not_allowed.status_code == 405 and not_allowed.json()["code"] == "method_not_allowed"
    unreadable = client.post("/api/v1/cases", "{not json", content_type="application/json")
    assert unreadable.status_code == 400 and unreadable.json()["code"] == "bad_request"
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_a_bad_language_entry_is_explained_not_called_bad_json(login):
    client = login("company_hr")
    response = client.post(
        "/api/v1/cases",
        json.dumps({"worker_languages": [{"language": "de", "level": "B9"}]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "eines davon sein: A1, A2, B1, B2, C1, C2" in " ".join(
        response.json()["fields"]["worker_languages"]
    )


def test_api_returns_every_intake_fact_it_stored(login):
    client = login("company_hr")
    sent = {
        "worker_passport_number": "P9",
        "job_weekly_hours": "38.5",
        "job_licence_granted": True,
        "worker_languages": [{"language": "de", "level": "B2"}],
    }
    created = client.post("/api/v1/cases", json.dumps(sent), content_type="application/json").json()
    read = client.get(f"/api/v1/cases/{created['id']}").json()
    assert read["worker_passport_number"] == "P9" and read["job_licence_granted"] is True
    assert read["worker_languages"] == [{"language": "de", "level": "B2"}]
    assert read["job_weekly_hours"] == "38.5" and read["company"] == "Müller Technik GmbH"


def test_case_page_shows_every_intake_fact_to_the_chamber(login, story):
    case = story("Raman")
    text = login("ihk_adviser").get(reverse("cases:detail", args=[case.pk])).content.decode()
    for fact in (case.worker_passport_number, case.worker_email, "en C1", "Passnummer"):
        assert fact in text


def test_invalid_family_member_is_shown_at_the_field_and_the_input_kept(login, story, post_step):
    case = story("Jovanović")
    before = case.family.count()
    response = post_step(
        login("company_hr"),
        "family_add",
        case,
        relation="spouse",
        first_name="Ana",
        last_name="",
        birth_date="2999-01-01",
    )
    form = response.context["steps"]["family_add"].form
    assert set(form.errors) == {"last_name", "birth_date"}
    assert form.errors["birth_date"] == ["Dieses Datum liegt in der Zukunft."]
    assert 'value="Ana"' in response.content.decode()
    assert case.family.count() == before


def test_api_takes_a_municipality_by_its_name(login):
    client = login("company_hr")
    body = json.dumps({"workplace_municipality": "Neustadt am Rübenberge"})
    created = client.post("/api/v1/cases", body, content_type="application/json")
    assert created.status_code == 201
    assert (
        Case.objects.get(pk=created.json()["id"]).workplace_municipality
        == "neustadt-am-ruebenberge"
    )


def test_an_edit_made_on_an_older_version_is_refused(login, story, cast):
    from lotse.cases import services
    from lotse.cases.selectors import case_version

    case = story("Jovanović")
    client = login("company_hr")
    page = client.get(reverse("cases:edit", args=[case.pk])).content.decode()
    shown = case_version(case=case)
    assert f'name="version" value="{shown}"' in page
    services.case_update(case=case, actor=cast("company_lead"), fields={"job_title": "Neu"})
    data = form_data(worker_first_name="Milan", worker_last_name="Jovanović")
    response = client.post(reverse("cases:edit", args=[case.pk]), data | {"version": shown})
    assert "zwischenzeitlich geändert" in response.content.decode()
    case.refresh_from_db()
    assert case.worker_first_name != "Milan" and case.job_title == "Neu"
