"""The case page shows a recognition body's periods with strength and source (issue 21)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(client, case, language="de", **params):
    client.cookies["django_language"] = language
    url = reverse("cases:detail", args=[case.pk])
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_without_a_choice_the_panel_only_asks(story, login):
    page = _page(login("company_hr"), story("Kaya"))
    assert 'id="recognition-h"' in page and 'name="occupation"' in page
    assert 'class="periods"' not in page


def test_an_occupation_shows_body_periods_strength_and_source(story, login):
    case = story("Kaya")
    events_before = case.events.count()
    page = _page(login("company_hr"), case, occupation="arzt")
    assert "Niedersächsischer Zweckverband zur Approbationserteilung (NiZzA)" in page
    assert "§ 39 Abs. 5 S. 2 ÄApprO" in page and "Soll-Frist" in page
    assert "Angabe aus der Praxis" in page
    assert 'href="https://www.gesetze-im-internet.de/_appro_2002/__39.html"' in page
    assert '<option value="arzt" selected>' in page
    assert case.events.count() == events_before  # nothing is written


def test_unconfirmed_periods_are_marked_on_the_page(story, login):
    page = _page(login("company_hr"), story("Kaya"), "en", occupation="erzieher")
    assert page.count('class="unconfirmed"') == 2
    assert "unconfirmed: no source states this value" in page
    assert "target set by law (soll)" in page
    german = _page(login("company_hr"), story("Kaya"), occupation="erzieher")
    assert "nicht belegt: keine Quelle nennt diesen Wert" in german
    assert "Regionales Landesamt für Schule und Bildung Lüneburg" in page


def test_an_unknown_choice_is_a_clear_error(story, login):
    page = _page(login("company_hr"), story("Kaya"), occupation="astronaut")
    assert 'role="alert"' in page and 'class="periods"' not in page
