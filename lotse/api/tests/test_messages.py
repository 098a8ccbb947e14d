"""The API's 422 field messages come from the error type and its limits, in the user's language,
never pydantic's English sentence; a failed CSRF check says to reload the page."""

import datetime
import enum
from decimal import Decimal
from typing import Literal
from uuid import UUID

import pytest
from django.test import Client
from django.utils import translation
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lotse.api.messages import MESSAGES, field_message


class Track(enum.Enum):
    academic = "academic"
    vocational = "vocational"


class Sample(BaseModel):
    """One field per error type the API can meet."""

    model_config = ConfigDict(extra="forbid")

    required: int = 0
    text: str = Field("ab", min_length=2, max_length=100)
    whole: int = 0
    number: float = 0
    amount: Decimal = Field(Decimal(0), max_digits=7, decimal_places=2, ge=0, le=1000)
    positive: int = Field(1, gt=0, lt=10)
    day: datetime.date | None = None
    moment: datetime.datetime | None = None
    flag: bool = False
    key: UUID | None = None
    qualification: Literal["academic", "vocational", "none"] = "none"
    track: Track = Track.academic
    checked: int = 0
    items: list[int] = []

    @field_validator("checked")
    @classmethod
    def refuse(cls, value):
        raise ValueError("Nur gerade Zahlen.")


def error_of(**data) -> dict:
    """The first pydantic error for `data`, shaped as ninja hands it to the exception handler."""
    with pytest.raises(ValidationError) as raised:
        Sample.model_validate(data)
    error = raised.value.errors(include_url=False)[0]
    if "error" in error.get("ctx", {}):
        error["ctx"]["error"] = str(error["ctx"]["error"])
    return error


def german(error: dict) -> str:
    with translation.override("de"):
        return field_message(error)


def english(error: dict) -> str:
    with translation.override("en"):
        return field_message(error)


CASES = [
    ("missing", {"type": "missing", "loc": ("body", "x"), "msg": "Field required"}),
    ("extra_forbidden", error_of(unknown=1)),
    ("string_too_long", error_of(text="x" * 101)),
    ("string_too_short", error_of(text="x")),
    ("string_type", error_of(text=5)),
    ("int_parsing", error_of(whole="eins")),
    ("int_type", error_of(whole=[1])),
    ("float_parsing", error_of(number="viel")),
    ("decimal_parsing", error_of(amount="viel")),
    ("decimal_type", error_of(amount=[1])),
    ("decimal_max_digits", error_of(amount="123456.78")),
    ("decimal_max_places", error_of(amount="1.234")),
    ("greater_than", error_of(positive=0)),
    ("greater_than_equal", error_of(amount="-1")),
    ("less_than", error_of(positive=10)),
    ("less_than_equal", error_of(amount="1001")),
    ("date_from_datetime_parsing", error_of(day="morgen")),
    ("date_type", error_of(day=[1])),
    ("datetime_from_date_parsing", error_of(moment="bald")),
    ("datetime_type", error_of(moment=[1])),
    ("bool_parsing", error_of(flag="vielleicht")),
    ("bool_type", error_of(flag=[1])),
    ("uuid_parsing", error_of(key="x")),
    ("uuid_type", error_of(key=5)),
    ("literal_error", error_of(qualification="master")),
    ("enum", error_of(track="none")),
    ("value_error", error_of(checked=1)),
    ("list_type", error_of(items=5)),
    ("json_invalid", {"type": "json_invalid", "msg": "Invalid JSON: EOF", "ctx": {"error": "EOF"}}),
]


@pytest.mark.parametrize(("kind", "error"), CASES, ids=[kind for kind, _e in CASES])
def test_every_listed_type_has_its_own_sentence(kind, error):
    assert error["type"] == kind
    text = german(error)
    assert text
    assert text != error["msg"]
    assert "%(" not in text


@pytest.mark.parametrize(
    ("data", "number"),
    [
        ({"text": "x" * 101}, "100"),
        ({"text": "x"}, "2"),
        ({"amount": "123456.78"}, "7"),
        ({"amount": "1.234"}, "2"),
        ({"positive": 0}, "0"),
        ({"amount": "-1"}, "0"),
        ({"positive": 10}, "10"),
        ({"amount": "1001"}, "1000"),
    ],
)
def test_limits_appear_in_the_sentence(data, number):
    error = error_of(**data)
    assert number in german(error)
    assert german(error) != error["msg"]


def test_english_wording_is_not_pydantics():
    assert english(error_of(text="x" * 101)) == "At most 100 characters."
    assert english({"type": "missing", "msg": "Field required"}) == "This field is required."


def test_german_numbers_are_written_the_german_way():
    error = {"type": "less_than_equal", "msg": "…", "ctx": {"le": Decimal("0.5")}}
    assert "0,5" in german(error)
    assert "0.5" in english(error)


def test_allowed_values_are_listed_without_english_or():
    text = german(error_of(qualification="master"))
    assert "'academic', 'vocational', 'none'" in text
    assert " or " not in text
    assert "'academic', 'vocational'" in german(error_of(track="none"))


def test_a_validator_message_loses_pydantics_prefix():
    assert german(error_of(checked=1)) == "Nur gerade Zahlen."


def test_unknown_types_and_missing_limits_keep_pydantics_message():
    assert german({"type": "url_parsing", "msg": "Input should be a valid URL"}) == (
        "Input should be a valid URL"
    )
    assert german({"type": "string_too_long", "msg": "too long"}) == "too long"
    assert german({"msg": "Invalid Cursor"}) == "Invalid Cursor"


def test_every_sentence_is_a_gettext_message():
    with translation.override("de"):
        assert all(str(message) for message in MESSAGES.values())


def test_api_answers_too_long_input_in_the_users_language(login):
    client = login("company_hr")
    response = client.post(
        "/api/v1/cases",
        {"worker_first_name": "x" * 10000},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    [message] = body["fields"]["worker_first_name"]
    assert "100" in message
    assert "String should have" not in message
    assert message != "String should have at most 100 characters"


def test_api_names_unknown_and_wrongly_typed_fields(login):
    client = login("company_hr")
    response = client.post(
        "/api/v1/cases",
        {"no_such_field": 1, "worker_birth_date": "gestern"},
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert fields["no_such_field"] != ["Extra inputs are not permitted"]
    assert not fields["worker_birth_date"][0].startswith("Input should be")


@pytest.mark.django_db
def test_a_failed_csrf_check_asks_to_reload_the_page(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast("company_hr").user)
    with translation.override("en"):
        response = client.post(
            "/api/v1/cases",
            {"worker_first_name": "Ana"},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "csrf_failed"
    assert "reload" in body["message"]
    assert body["fields"] == {}
