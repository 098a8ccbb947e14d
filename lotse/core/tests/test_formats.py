"""Dates and amounts as each language writes them, and the KERN form renderer."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from lotse.core.money import money

DAY = datetime.date(2026, 11, 29)
AT = datetime.datetime(2026, 11, 29, 14, 5, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [("de", "29.11.2026", "29.11.2026"), ("en", "29 Nov 2026", "29 Nov 2026")],
)
def test_dates_per_language(language, short, long):
    with translation.override(language):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == short
        assert date_format(DAY) == long
        rendered = Template('{{ day|date:"SHORT_DATE_FORMAT" }}|{{ day }}').render(
            Context({"day": DAY})
        )
    assert rendered == f"{short}|{long}"


def test_times_in_berlin_per_language():
    with translation.override("en"):
        assert (
            Template('{{ at|date:"SHORT_DATETIME_FORMAT" }}').render(Context({"at": AT}))
            == "29 Nov 2026, 15:05"
        )
    with translation.override("de"):
        assert (
            Template('{{ at|date:"SHORT_DATETIME_FORMAT" }}').render(Context({"at": AT}))
            == "29.11.2026, 15:05"
        )


@pytest.mark.parametrize(
    ("value", "de", "en"),
    [
        (Decimal("52000"), "52.000\u00a0€", "€52,000"),
        (Decimal("52000.00"), "52.000\u00a0€", "€52,000"),
        (Decimal("1234567.5"), "1.234.567,50\u00a0€", "€1,234,567.50"),
        (45934.2, "45.934,20\u00a0€", "€45,934.20"),
        (0, "0\u00a0€", "€0"),
        (Decimal("999"), "999\u00a0€", "€999"),
        (Decimal("-1200"), "-1.200\u00a0€", "-€1,200"),
    ],
)
def test_money_per_language(value, de, en):
    assert money(value, "de") == de
    assert money(value, "en") == en
    for language, expected in (("de", de), ("en", en)):
        with translation.override(language):
            assert (
                Template("{% load lotse_format %}{{ v|money }}").render(Context({"v": value}))
                == expected
            )


def test_money_leaves_empty_and_non_numbers_alone():
    assert money(None) == "" and money("") == ""
    assert money("abc") == "abc"


class Sample(forms.Form):
    name = forms.CharField(label="Name", help_text="As in the passport")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")])
    agree = forms.BooleanField(label="Agree", required=False)
    level = forms.ChoiceField(
        label="Level", choices=[("a1", "A1"), ("b1", "B1")], widget=forms.RadioSelect
    )


def test_every_form_renders_as_kern_fields_with_hint_and_error():
    form = Sample(data={"name": "", "kind": "a"})
    html = str(form)
    assert 'class="kern-form-input lotse-field kern-form-input--error"' in html
    assert 'class="kern-label" for="id_name"' in html
    assert '<div class="kern-hint" id="id_name_helptext">As in the passport</div>' in html
    assert 'id="id_name_error"' in html
    assert "kern-form-input__input kern-form-input__input--error" in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert '<div class="kern-form-input__select-wrapper"><select name="kind"' in html
    assert 'class="kern-form-input__select"' in html
    assert 'class="kern-form-check__checkbox"' in html
    assert '<legend class="kern-label">Level' in html
    assert (
        'class="kern-form-check__radio' in html
        and '<label class="kern-label" for="id_level_0">A1' in html
    )


def test_a_component_holds_rendered_content():
    html = Template(
        '{% load kern %}{% component "kern/accordion.html" title=t %}<b>{{ x }}</b>'
        "{% endcomponent %}"
    ).render(Context({"t": "Facts", "x": "inside"}))
    assert '<details class="kern-accordion">' in html
    assert '<span class="kern-title">Facts</span>' in html
    assert "<b>inside</b>" in html


def test_errors_of_no_field_show_as_one_alert_above_the_fields():
    form = Sample(data={"name": "x", "kind": "a"})
    form.is_valid()
    form.add_error(None, "The dates do not fit together.")
    html = str(form)
    assert html.index("kern-alert--danger") < html.index('for="id_name"')
    assert "<li>The dates do not fit together.</li>" in html
