"""Finding the municipality a user means; postcodes only pre-select."""

import pytest

from lotse.routing import find_municipality, find_place, municipalities_for_postcode
from lotse.routing.tests.test_agreement import ALL_21


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Hannover", "hannover"),
        ("hannover", "hannover"),
        ("  HANNOVER ", "hannover"),
        ("Landeshauptstadt Hannover", "hannover"),
        ("Hanover", "hannover"),
        ("03241001", "hannover"),
        ("Neustadt am Rübenberge", "neustadt-am-ruebenberge"),
        ("Neustadt am Ruebenberge", "neustadt-am-ruebenberge"),
        ("neustadt am rubenberge", "neustadt-am-ruebenberge"),
        ("neustadt-am-ruebenberge", "neustadt-am-ruebenberge"),
        ("Neustadt a. Rbge.", "neustadt-am-ruebenberge"),
        ("Wennigsen", "wennigsen"),
        ("Wennigsen (Deister)", "wennigsen"),
        ("wennigsen deister", "wennigsen"),
        ("03241021", "wunstorf"),
    ],
)
def test_names_keys_official_names_and_ags_resolve(hannover, query, key):
    place = find_place(hannover, query)
    assert (place.kind, place.key) == ("municipality", key)
    assert place.in_region


@pytest.mark.parametrize("name", ALL_21)
def test_every_municipality_resolves_by_name_and_ags(hannover, name):
    by_name = find_municipality(hannover, name)
    assert by_name is not None and by_name.name == name
    assert find_municipality(hannover, by_name.ags) == by_name


@pytest.mark.parametrize(
    ("query", "kind", "state"),
    [
        ("Hildesheim", "outside", "NI"),
        ("Nienburg/Weser", "outside", "NI"),
        ("osnabrueck", "outside", "NI"),
        ("Hamburg", "outside", "HH"),
        ("03254021", "outside", "NI"),
        ("05111000", "outside", "NW"),
        ("03241099", "unknown", None),  # in the Region's key range but no municipality
        ("99999999", "unknown", None),
        ("Region Hannover", "unknown", None),
        ("Hannover-Linden", "unknown", None),
        ("30159", "unknown", None),  # a postcode is not a place to route by
    ],
)
def test_places_outside_or_unknown(hannover, query, kind, state):
    place = find_place(hannover, query)
    assert (place.kind, place.state, place.key) == (kind, state, None)
    assert not place.in_region


def test_postcodes_only_pre_select(hannover):
    assert [m.key for m in municipalities_for_postcode(hannover, "31535")] == [
        "neustadt-am-ruebenberge"
    ]
    assert [m.key for m in municipalities_for_postcode(hannover, " 30159 ")] == ["hannover"]
    assert municipalities_for_postcode(hannover, "10115") == ()


def test_a_postcode_shared_by_two_municipalities_gives_both(musterkreis):
    found = municipalities_for_postcode(musterkreis, "99001")
    assert [m.key for m in found] == ["musterstadt", "beispieldorf"]
