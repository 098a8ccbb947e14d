"""Properties over all dates and places: never a gap, never a guess, always a reason with its rule."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from lotse.routing import agreement_authority, residence_authority
from lotse.routing.region import load_region
from lotse.routing.tests.conftest import HANNOVER_DIR
from lotse.routing.tests.test_agreement import ALL_21

HANNOVER = load_region(HANNOVER_DIR)
dates = st.dates(min_value=date(2020, 3, 1), max_value=date(2040, 12, 31))
places = st.sampled_from(ALL_21)
choices = st.sampled_from([None, "local", "zentralstelle"])


@settings(max_examples=300)
@given(on=dates, place=places, choice=choices)
def test_every_day_and_municipality_is_answered_by_the_rule_in_force(on, place, choice):
    answer = agreement_authority(workplace=place, on=on, choice=choice, region=HANNOVER)
    assert answer.status in {"competent", "choice_required"}
    assert (answer.status == "choice_required") == (
        choice is None and date(2025, 7, 1) <= on <= date(2025, 12, 31)
    )
    assert answer.valid_from <= on and (answer.valid_until is None or on <= answer.valid_until)
    assert answer.rule_id in answer.reason.de and answer.rule_id in answer.reason.en
    assert (answer.organisation_key is None) == (answer.status == "choice_required")


@given(on=dates, place=places)
def test_after_entry_the_date_does_not_matter_within_a_rule(on, place):
    first = residence_authority(residence=place, on=date(2020, 3, 1), region=HANNOVER)
    later = residence_authority(residence=place, on=on, region=HANNOVER)
    assert first.organisation_key == later.organisation_key


@given(text=st.text(max_size=30))
def test_arbitrary_text_never_routes_outside_its_status(text):
    answer = agreement_authority(workplace=text, on=date(2026, 1, 1), region=HANNOVER)
    if answer.status != "competent":
        assert answer.organisation_key is None
    else:
        assert answer.place.in_region
