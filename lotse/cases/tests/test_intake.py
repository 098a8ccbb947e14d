"""Intake: every invalid field gets a message at the field, in the user's language, and nothing
is stored; a request too large gets a clear page, not Django's bare 400."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import translation

from lotse.cases.countries import country_code
from lotse.cases.intake import (
    COUNTRY_FIELDS,
    INTAKE_STEP_BY_SLUG,
    INTAKE_STEPS,
    NEEDED_FOR_SUBMIT,
    missing_for_submit,
)
from lotse.cases.models import Case, CaseEvent
from lotse.cases.selectors import case_version
from lotse.core import clock
from lotse.demo.stories import valid_intake


def form_data(**overrides) -> dict:
    """The whole intake as the browser posts it (countries by their code)."""
    data = {}
    for name, value in valid_intake(**overrides).items():
        if name == "worker_languages":
            data["languages"] = ", ".join(f"{e['language']} {e['level']}" for e in value)
        elif name in COUNTRY_FIELDS:
            data[name] = country_code(value) if value else ""
        elif isinstance(value, bool):
            data[name] = "true" if value else "false"
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(value)
    data["consent_given"] = "on"
    return data


def step_data(slug: str, case=None, **overrides) -> dict:
    """The fields of one intake step from `form_data`, with the version the page showed."""
    fields = INTAKE_STEP_BY_SLUG[slug].fields
    names = {"languages" if name == "worker_languages" else name for name in fields}
    data = {name: value for name, value in form_data(**overrides).items() if name in names}
    if case is not None:
        data["version"] = case_version(case=case)
    return data


def step_url(case, slug: str) -> str:
    return reverse("cases:intake", args=[case.pk, slug])


def new_draft(client) -> Case:
    """A draft as the intake's first step makes it: the consent only."""
    client.post(reverse("cases:new"), {"consent_given": "on"})
    return Case.objects.order_by("-created_at").first()


def counts():
    return Case.objects.count(), CaseEvent.objects.count()


def stored(case) -> dict:
    return Case.objects.filter(pk=case.pk).values().get()


BAD_FIELDS = [
    ("person", "worker_birth_date", "2999-01-01", {"de": "in der Zukunft", "en": "in the future"}),
    (
        "job",
        "job_salary_eur",
        "-100",
        {"de": "größer oder gleich 0", "en": "greater than or equal to 0"},
    ),
    ("places", "workplace_postcode", "3015", {"de": "fünf Ziffern", "en": "five digits"}),
    (
        "person",
        "worker_last_name",
        "x" * 10_000,
        {"de": "höchstens 100 Zeichen", "en": "at most 100 characters"},
    ),
    ("person", "languages", "de B7", {"de": "keine GER-Niveaustufe", "en": "not a CEFR level"}),
    (
        "person",
        "worker_citizenship",
        "Narnia",
        {"de": "keine gültige Auswahl", "en": "not one of the available choices"},
    ),
    (
        "experience",
        "experience_years_last_5",
        "9",
        {"de": "kleiner oder gleich 5", "en": "less than or equal to 5"},
    ),
]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(("slug", "field", "value", "message"), BAD_FIELDS)
def test_bad_input_on_a_step_is_named_at_the_field_and_nothing_is_lost(
    login, story, slug, field, value, message, language
):
    case = story("Jovanović")
    client = login("company_hr")
    client.cookies["django_language"] = language
    before = (counts(), stored(case))
    response = client.post(
        step_url(case, slug),
        step_data(slug, case, worker_first_name="Aleksandar") | {field: value},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors
    assert message[language] in " ".join(errors[field])
    # the stored case is untouched, and the page keeps what was typed
    assert (counts(), stored(case)) == before
    if slug == "person":
        assert 'value="Aleksandar"' in response.content.decode()


def test_no_case_without_the_consent_and_nothing_personal_with_it(login):
    client = login("company_hr")
    before = counts()
    refused = client.post(reverse("cases:new"), {})
    assert refused.status_code == 422
    assert "consent_given" in refused.context["form"].errors
    assert counts() == before
    response = client.post(reverse("cases:new"), {"consent_given": "on"})
    case = Case.objects.order_by("-created_at").first()
    assert response.status_code == 302 and response["Location"] == step_url(case, "person")
    assert counts() == (before[0] + 1, before[1] + 1)
    created = case.events.get()
    assert created.type == "case.created" and created.payload["fields"]["consent_given"] is True
    assert case.worker_last_name == "" and case.worker_birth_date is None


def test_the_consent_page_gives_the_notice_before_any_field(login):
    page = login("company_hr").get(reverse("cases:new")).content.decode()
    assert "Art. 13" in page and "Schritt 1 von 8" in page
    assert 'name="worker_last_name"' not in page


def test_walking_through_every_step_fills_the_case(login):
    client = login("company_hr")
    case = new_draft(client)
    for slug in ("person", "qualification", "experience", "job", "places"):
        response = client.post(step_url(case, slug), step_data(slug, case) | {"go": "next"})
        assert response.status_code == 302, response.context["form"].errors
        after = INTAKE_STEPS[[s.slug for s in INTAKE_STEPS].index(slug) + 1]
        assert response["Location"] == step_url(case, after.slug)
    case.refresh_from_db()
    assert case.german_level == "A2" and case.worker_citizenship == "RS"
    assert case.workplace_municipality == "hannover" and case.job_title
    assert missing_for_submit(case) == []
    assert [e.type for e in case.events.order_by("seq")] == ["case.created"] + ["case.updated"] * 5


def test_back_saves_and_goes_to_the_step_before(login, story):
    case = story("Jovanović")
    client = login("company_hr")
    response = client.post(
        step_url(case, "job"), step_data("job", case, job_title="Mechatroniker") | {"go": "back"}
    )
    assert response["Location"] == step_url(case, "experience")
    case.refresh_from_db()
    assert case.job_title == "Mechatroniker"


def test_a_step_changes_only_its_own_fields(login, story):
    case = story("Jovanović")
    client = login("company_hr")
    before = stored(case)
    client.post(step_url(case, "experience"), {"version": case_version(case=case)})
    after = stored(case)
    changed = {name for name in before if before[name] != after[name]}
    own = {"experience_years_last_5", "it_experience_years_last_7"}
    assert changed <= own | {"updated_at", "log_head", "log_seq"}


def test_every_step_shows_progress_and_marks_what_submission_needs(login, story):
    case = story("Jovanović")
    client = login("company_hr")
    for number, step in enumerate(INTAKE_STEPS, start=1):
        page = client.get(step_url(case, step.slug)).content.decode()
        assert f"Schritt {number} von {len(INTAKE_STEPS)}" in page
        assert page.count('aria-current="step"') == 1
    person = client.get(step_url(case, "person")).content.decode()
    assert person.count("(für die Einreichung nötig)") == sum(
        name in NEEDED_FOR_SUBMIT for name in INTAKE_STEP_BY_SLUG["person"].fields
    )


def test_a_step_of_a_submitted_case_is_not_editable(login, story):
    case = story("Raman")
    response = login("company_hr").get(step_url(case, "job"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:detail", args=[case.pk]
    )


def test_an_unknown_step_is_missing(login, story):
    case = story("Jovanović")
    assert login("company_hr").get(step_url(case, "shoes")).status_code == 404


def test_the_old_edit_address_opens_the_intake(login, story):
    case = story("Jovanović")
    response = login("company_hr").get(reverse("cases:edit", args=[case.pk]))
    assert response["Location"] == step_url(case, "person")


def test_postcode_preselects_the_municipality(login):
    client = login("company_hr")
    case = new_draft(client)
    data = step_data("places", case, workplace_municipality="") | {"workplace_postcode": "30851"}
    client.post(step_url(case, "places"), data)
    case.refresh_from_db()
    assert case.workplace_municipality == "langenhagen"


def test_a_step_appends_an_event_with_old_and_new(login, story):
    case = story("Jovanović")
    client = login("company_hr")
    client.post(step_url(case, "job"), step_data("job", case, job_title="Elektroniker (m/w/d)"))
    event = case.events.order_by("-seq").first()
    assert event.type == "case.updated"
    assert event.payload["changes"]["job_title"] == {
        "old": "Elektroniker für Betriebstechnik",
        "new": "Elektroniker (m/w/d)",
    }


def test_countries_are_listed_in_the_page_language_and_stored_as_codes(login, story):
    case = story("Jovanović")
    client = login("company_hr")
    german = client.get(step_url(case, "person")).content.decode()
    assert '<option value="RS" selected>Serbien</option>' in german
    client.cookies["django_language"] = "en"
    english = client.get(step_url(case, "person"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="RS" selected>Serbia</option>' in english
    client.post(step_url(case, "person"), step_data("person", case, worker_citizenship="UA"))
    case.refresh_from_db()
    assert case.worker_citizenship == "UA"


def test_the_api_takes_a_country_name_or_code_and_stores_the_code(login):
    client = login("company_hr")
    body = json.dumps({"worker_citizenship": "Türkei", "qualification_country": "vnm"})
    created = client.post("/api/v1/cases", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["worker_citizenship"] == "TR"
    assert created.json()["qualification_country"] == "VN"
    refused = client.post(
        "/api/v1/cases",
        json.dumps({"worker_citizenship": "Narnia"}),
        content_type="application/json",
    )
    assert refused.status_code == 422 and "worker_citizenship" in refused.json()["fields"]


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
    big = {"consent_given": "on", "worker_first_name": "x" * (10 * 1024 * 1024)}
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
    case = new_draft(client)
    data = step_data("person", case) | {"worker_birth_date": clock.today().isoformat()}
    assert client.post(step_url(case, "person"), data).status_code == 302


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
    case = new_draft(client)
    data = step_data("job", case) | {"job_salary_eur": "48.500,50", "job_weekly_hours": "38,5"}
    client.post(step_url(case, "job"), data)
    case.refresh_from_db()
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

    case = story("Jovanović")
    client = login("company_hr")
    page = client.get(step_url(case, "person")).content.decode()
    shown = case_version(case=case)
    assert f'name="version" value="{shown}"' in page
    services.case_update(case=case, actor=cast("company_lead"), fields={"job_title": "Neu"})
    data = step_data("person", worker_first_name="Milan", worker_last_name="Jovanović")
    response = client.post(step_url(case, "person"), data | {"version": shown}, follow=True)
    assert "zwischenzeitlich geändert" in response.content.decode()
    case.refresh_from_db()
    assert case.worker_first_name != "Milan" and case.job_title == "Neu"


def test_the_case_page_names_the_country_in_the_page_language(login, story):
    case = story("Jovanović")
    assert case.worker_citizenship == "RS"
    client = login("company_hr")
    assert "Serbien" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Serbia" in english.content.decode()
