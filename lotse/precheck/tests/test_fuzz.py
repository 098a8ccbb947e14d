"""Input that cannot crash the pre-check (issue 11 item 6): random and deeply nested JSON.

Whatever the text, reading it gives a case or an `InputError` naming the field; a case is assessed
(or refused for a date without thresholds, `ParameterUnavailable`) and rendered in both languages;
the command line exits 0 or 2 with one line on stderr. Never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotse.precheck import ParameterUnavailable, assess, text_report
from lotse.precheck.cli import main
from lotse.precheck.inputs import MAX_BYTES, MAX_DEPTH, InputError, read_case

SETTINGS = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["2025-06-02", "1980-02-29", "0001-01-01", "9999-12-31", "2025-02-30", "B1"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
# the input's own keys, so that random values reach the validators and the rules
KEYS = {
    "person": ["birth_date", "german_level", "adequate_pension_provision"],
    "qualification": [
        "level",
        "state_recognized_abroad",
        "recognition",
        "zab_comparable",
        "graduation_date",
    ],
    "experience": ["years_last_5", "it_years_last_7"],
    "job": [
        "offer",
        "requires_qualification",
        "annual_gross_salary_eur",
        "shortage_occupation",
        "it_specialist",
        "regulated_profession",
        "professional_licence",
        "start_date",
    ],
}


@st.composite
def shaped_cases(draw) -> dict:
    data: dict = {}
    if draw(st.booleans()):
        data["reference_date"] = draw(
            st.one_of(st.dates().map(str), json_values, st.sampled_from(["2027-01-02"]))
        )
    for part, keys in KEYS.items():
        if draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from(keys), unique=True))
            data[part] = {key: draw(json_values) for key in chosen}
    if draw(st.booleans()):
        data["documents"] = draw(st.lists(st.one_of(st.just("passport"), json_values)))
    return data


def deeply_nested(depth: int, kind: str) -> str:
    """Lists (`[[[…]]]`) or objects (`{"a": {"a": …}}`) `depth` deep, half of them in a field."""
    inner = "[" * depth + "]" * depth if kind == "list" else '{"a": ' * depth + "1" + "}" * depth
    return f'{{"person": {inner}}}' if depth % 2 else inner


def read_and_assess(text: str | bytes) -> None:
    """The whole path of a request: read, assess, render; only the two named errors may occur."""
    try:
        case = read_case(text)
    except InputError as error:
        assert error.field and error.message
        assert "\n" not in str(error)
        return
    try:
        assessment = assess(case)
    except ParameterUnavailable as error:
        assert error.field == "reference_date"
        return
    json.dumps(assessment.to_json_dict())
    text_report(assessment, "de")
    text_report(assessment, "en")


@SETTINGS
@given(json_values)
def test_random_json_never_ends_in_a_traceback(value):
    read_and_assess(json.dumps(value))


@SETTINGS
@given(shaped_cases())
def test_random_values_in_the_case_fields_never_end_in_a_traceback(data):
    read_and_assess(json.dumps(data))


@SETTINGS
@given(st.text(max_size=200))
def test_random_text_never_ends_in_a_traceback(text):
    read_and_assess(text)


@SETTINGS
@given(st.integers(min_value=MAX_DEPTH + 1, max_value=20_000), st.sampled_from(["list", "object"]))
def test_deep_nesting_is_refused(depth, kind):
    try:
        read_case(deeply_nested(depth, kind))
    except InputError as error:
        assert error.kind in ("too_deep", "too_large"), error
    else:
        raise AssertionError("deep nesting was accepted")


def test_a_document_nested_1000_deep_is_refused_without_recursion_error():
    for text in ("[" * 1000 + "]" * 1000, '{"person": ' + "[" * 1000 + "]" * 1000 + "}"):
        try:
            read_case(text)
        except InputError as error:
            assert "nested too deeply" in error.message
        else:
            raise AssertionError


def test_numbers_are_not_dates():
    """`birth_date: 0` once read as 1970-01-01; dates are strict ISO strings now."""
    for field, value in (("birth_date", 0), ("birth_date", 1.5), ("birth_date", "20250101")):
        try:
            read_case(json.dumps({"person": {field: value}}))
        except InputError as error:
            assert error.field == f"person.{field}"
        else:
            raise AssertionError(value)


def run_cli(text: str) -> tuple[int, str, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as file:
        file.write(text)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main([file.name, "--format", "json"])
    finally:
        os.unlink(file.name)
    return status, out.getvalue(), err.getvalue()


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(shaped_cases().map(json.dumps), json_values.map(json.dumps), st.text()))
def test_the_cli_exits_0_or_2_with_one_line_naming_the_field(text):
    status, out, err = run_cli(text)
    if status == 0:
        assert json.loads(out)["outcome"] and not err
    else:
        assert status == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith("lotse precheck: ")


def test_the_cli_refuses_input_over_the_size_limit_with_one_line():
    status, out, err = run_cli('{"person": {}' + " " * MAX_BYTES + "}")
    assert (status, out) == (2, "")
    assert err == f"lotse precheck: input: too large: more than {MAX_BYTES:,} bytes\n"
