"""The foreigners authority after entry: by the municipality of residence (§ 71 Abs. 1 AufenthG)."""

from datetime import date

import pytest

from lotse.routing import agreement_authority, residence_authority
from lotse.routing.tests.test_agreement import ALL_21, LOCAL


@pytest.mark.parametrize("name", ALL_21)
@pytest.mark.parametrize("on", [date(2025, 6, 30), date(2025, 7, 1), date(2026, 1, 1)])
def test_after_entry_the_authority_of_the_residence_at_any_date(hannover, name, on):
    answer = residence_authority(residence=name, on=on, region=hannover)
    assert (answer.status, answer.organisation_key) == ("competent", LOCAL[name])
    assert answer.question == "residence_authority" and answer.rule_id == "abh-wohnort"
    assert "Wohnort" in answer.reason.de and "residence" in answer.reason.en


def test_workplace_and_residence_are_routed_separately(hannover):
    on = date(2025, 3, 1)
    pre_entry = agreement_authority(workplace="Hannover", on=on, region=hannover)
    after_entry = residence_authority(residence="Burgdorf", on=on, region=hannover)
    assert (pre_entry.organisation_key, after_entry.organisation_key) == ("abh-lhh", "abh-region")


def test_a_residence_outside_the_region_names_nobody(hannover):
    answer = residence_authority(residence="Hildesheim", on=date(2026, 1, 1), region=hannover)
    assert answer.status == "outside_region" and answer.elsewhere == ()
    assert "Hildesheim liegt nicht in dieser Region" in answer.reason.de


def test_an_unknown_residence(hannover):
    answer = residence_authority(residence="Atlantis", on=date(2026, 1, 1), region=hannover)
    assert answer.status == "unknown_place"
