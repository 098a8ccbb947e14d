"""The company's chamber by its trade (the recognition body: test_recognition.py)."""

from datetime import date

import pytest

from lotse.routing import RoutingInputError, chamber

ON = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("trade_kind", "status", "key"),
    [
        ("craft", "competent", "hwk-hannover"),
        ("trade", "competent", "ihk-hannover"),
        ("liberal_profession", "no_body", None),
        ("agriculture", "no_body", None),
    ],
)
def test_chamber_by_trade_kind(hannover, trade_kind, status, key):
    answer = chamber(trade_kind=trade_kind, on=ON, region=hannover)
    assert (answer.status, answer.organisation_key) == (status, key)
    assert answer.rule_id and answer.legal_basis and answer.source
    assert answer.source in answer.reason.de


def test_the_craft_chamber_cites_the_hwo(hannover):
    answer = chamber(trade_kind="craft", on=ON, region=hannover)
    assert "§ 90" in answer.legal_basis and "HwO" in answer.reason.de
    assert answer.reason.de.startswith("Zuständig: Handwerkskammer Hannover, weil ")


def test_liberal_professions_belong_to_no_chamber_and_say_so(hannover):
    answer = chamber(trade_kind="liberal_profession", on=ON, region=hannover)
    assert answer.reason.de.startswith("Keine Kammer ist zuständig, weil freie Berufe")
    assert answer.reason.en.startswith("No chamber is competent, because liberal professions")


def test_an_unknown_trade_kind_is_refused(hannover):
    with pytest.raises(RoutingInputError) as caught:
        chamber(trade_kind="bakery", on=ON, region=hannover)
    assert caught.value.code == "trade"
