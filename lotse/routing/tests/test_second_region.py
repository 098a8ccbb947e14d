"""A second region is a new folder: the fictitious Musterkreis routes with other dates, no new code."""

from datetime import date

import pytest

from lotse.routing import RoutingInputError, agreement_authority, chamber, residence_authority


@pytest.mark.parametrize("place", ["Musterstadt", "Beispieldorf", "06999002"])
@pytest.mark.parametrize(
    ("on", "key", "rule"),
    [
        (date(2024, 3, 31), "abh-musterkreis", "kreis-bis-2024-03"),
        (date(2024, 4, 1), "zentrale-abh", "zentral-ab-2024-04"),
    ],
)
def test_its_own_dated_rule(musterkreis, place, on, key, rule):
    answer = agreement_authority(workplace=place, on=on, region=musterkreis)
    assert (answer.status, answer.organisation_key, answer.rule_id) == ("competent", key, rule)
    assert answer.region == "musterkreis"


def test_on_hannovers_switch_dates_nothing_changes_here(musterkreis):
    for on in (date(2025, 6, 30), date(2025, 7, 1), date(2026, 1, 1)):
        answer = agreement_authority(workplace="Musterstadt", on=on, region=musterkreis)
        assert answer.organisation_key == "zentrale-abh"


def test_hannovers_places_are_outside_it(musterkreis):
    answer = agreement_authority(workplace="Hannover", on=date(2026, 1, 1), region=musterkreis)
    assert answer.status == "unknown_place"
    in_land = agreement_authority(
        workplace="Nachbarhausen", on=date(2026, 1, 1), region=musterkreis
    )
    assert in_land.status == "outside_region"
    assert [c.key for c in in_land.elsewhere] == ["zentrale-abh"]
    other_land = agreement_authority(workplace="Fernstadt", on=date(2026, 1, 1), region=musterkreis)
    assert other_land.elsewhere == ()


@pytest.mark.parametrize(
    ("place", "key"), [("Musterstadt", "abh-musterstadt"), ("Beispieldorf", "abh-musterkreis")]
)
def test_its_residence_rule(musterkreis, place, key):
    answer = residence_authority(residence=place, on=date(2026, 1, 1), region=musterkreis)
    assert answer.organisation_key == key


def test_it_offers_no_choice_and_so_refuses_one(musterkreis):
    with pytest.raises(RoutingInputError):
        agreement_authority(
            workplace="Musterstadt", on=date(2024, 1, 1), choice="local", region=musterkreis
        )


@pytest.mark.parametrize("trade_kind", ["craft", "trade"])
def test_its_one_chamber_takes_every_trade(musterkreis, trade_kind):
    answer = chamber(trade_kind=trade_kind, on=date(2026, 1, 1), region=musterkreis)
    assert (answer.organisation_key, answer.rule_id) == ("ihk-musterkreis", "ihk-alle")


def test_a_trade_kind_it_does_not_know_is_refused(musterkreis):
    with pytest.raises(RoutingInputError) as caught:
        chamber(trade_kind="agriculture", on=date(2026, 1, 1), region=musterkreis)
    assert caught.value.code == "trade"
