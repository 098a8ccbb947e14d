"""The authority for the pre-entry § 81a procedure in the Region Hannover, by workplace and date.

The expectations are written out here from authorities.md § 1–2 and process.md § 0, not read from the
data, so that a wrong edit of routing.yaml fails a test.
"""

from datetime import date

import pytest

from lotse.routing import RoutingInputError, agreement_authority

CITY = "Hannover"
SURROUNDING = [
    "Barsinghausen",
    "Burgdorf",
    "Burgwedel",
    "Garbsen",
    "Gehrden",
    "Hemmingen",
    "Isernhagen",
    "Laatzen",
    "Langenhagen",
    "Lehrte",
    "Neustadt am Rübenberge",
    "Pattensen",
    "Ronnenberg",
    "Seelze",
    "Sehnde",
    "Springe",
    "Uetze",
    "Wedemark",
    "Wennigsen (Deister)",
    "Wunstorf",
]
ALL_21 = [CITY, *SURROUNDING]
LOCAL = {name: "abh-region" for name in SURROUNDING} | {CITY: "abh-lhh"}
ZENTRALSTELLE = "lab-ni-zentralstelle"
LAST_LOCAL_DAY, FIRST_CHOICE_DAY = date(2025, 6, 30), date(2025, 7, 1)
LAST_CHOICE_DAY, FIRST_ZENTRALSTELLE_DAY = date(2025, 12, 31), date(2026, 1, 1)


def test_the_region_has_21_municipalities(hannover):
    assert len(hannover.municipalities) == len(ALL_21) == 21


@pytest.mark.parametrize("name", ALL_21)
@pytest.mark.parametrize("on", [date(2020, 3, 1), date(2024, 3, 1), LAST_LOCAL_DAY])
def test_until_30_june_2025_the_local_authority_of_the_workplace(hannover, name, on):
    answer = agreement_authority(workplace=name, on=on, region=hannover)
    assert answer.status == "competent"
    assert answer.organisation_key == LOCAL[name]
    assert answer.rule_id == "abh-oertlich-bis-2025-06"
    assert answer.organisation_name == hannover.organisations[LOCAL[name]].name


@pytest.mark.parametrize("name", ALL_21)
@pytest.mark.parametrize("on", [FIRST_CHOICE_DAY, date(2025, 10, 15), LAST_CHOICE_DAY])
def test_in_the_2025_window_without_a_choice_nothing_is_guessed(hannover, name, on):
    answer = agreement_authority(workplace=name, on=on, region=hannover)
    assert answer.status == "choice_required"
    assert answer.organisation_key is None
    assert [(c.option, c.key) for c in answer.candidates] == [
        ("local", LOCAL[name]),
        ("zentralstelle", ZENTRALSTELLE),
    ]
    assert answer.rule_id == "wahl-2025"


@pytest.mark.parametrize("name", ALL_21)
@pytest.mark.parametrize("on", [FIRST_CHOICE_DAY, LAST_CHOICE_DAY])
@pytest.mark.parametrize("choice", ["local", "zentralstelle"])
def test_in_the_2025_window_the_stated_choice_decides(hannover, name, on, choice):
    answer = agreement_authority(workplace=name, on=on, choice=choice, region=hannover)
    expected = LOCAL[name] if choice == "local" else ZENTRALSTELLE
    assert (answer.status, answer.organisation_key, answer.choice) == (
        "competent",
        expected,
        choice,
    )
    assert answer.choice_ignored is None


@pytest.mark.parametrize("name", ALL_21)
@pytest.mark.parametrize("on", [FIRST_ZENTRALSTELLE_DAY, date(2030, 6, 1)])
def test_from_2026_only_the_zentralstelle(hannover, name, on):
    answer = agreement_authority(workplace=name, on=on, region=hannover)
    assert (answer.status, answer.organisation_key) == ("competent", ZENTRALSTELLE)
    assert answer.rule_id == "zentralstelle-ab-2026"
    assert answer.valid_from == FIRST_ZENTRALSTELLE_DAY and answer.valid_until is None


@pytest.mark.parametrize("on", [LAST_LOCAL_DAY, FIRST_ZENTRALSTELLE_DAY])
@pytest.mark.parametrize("choice", ["local", "zentralstelle"])
def test_a_choice_outside_the_window_is_ignored_and_the_reason_says_so(hannover, on, choice):
    answer = agreement_authority(workplace="Garbsen", on=on, choice=choice, region=hannover)
    plain = agreement_authority(workplace="Garbsen", on=on, region=hannover)
    assert answer.organisation_key == plain.organisation_key
    assert answer.choice is None and answer.choice_ignored == choice
    assert f"„{choice}“ bleibt unberücksichtigt" in answer.reason.de
    assert f"“{choice}” is ignored" in answer.reason.en


def test_an_unknown_choice_is_refused(hannover):
    with pytest.raises(RoutingInputError) as caught:
        agreement_authority(
            workplace="Garbsen", on=FIRST_CHOICE_DAY, choice="city", region=hannover
        )
    assert caught.value.code == "choice"
    assert "local, zentralstelle" in caught.value.message.de


def test_before_the_procedure_existed_no_rule_answers(hannover):
    answer = agreement_authority(workplace="Garbsen", on=date(2020, 2, 29), region=hannover)
    assert answer.status == "not_in_data" and answer.organisation_key is None
    assert "29.02.2020" in answer.reason.de


@pytest.mark.parametrize(
    ("on", "choice", "rule", "dates_de", "dates_en"),
    [
        (LAST_LOCAL_DAY, None, "abh-oertlich-bis-2025-06", "vom 01.03.2020 bis 30.06.2025",
         "from 1 Mar 2020 to 30 Jun 2025"),
        (FIRST_CHOICE_DAY, None, "wahl-2025", "vom 01.07.2025 bis 31.12.2025",
         "from 1 Jul 2025 to 31 Dec 2025"),
        (LAST_CHOICE_DAY, "local", "wahl-2025", "vom 01.07.2025 bis 31.12.2025",
         "from 1 Jul 2025 to 31 Dec 2025"),
        (FIRST_ZENTRALSTELLE_DAY, None, "zentralstelle-ab-2026", "gültig ab 01.01.2026",
         "valid from 1 Jan 2026"),
    ],
)  # fmt: skip
def test_the_reason_names_rule_validity_basis_and_source(
    hannover, on, choice, rule, dates_de, dates_en
):
    answer = agreement_authority(workplace="Hannover", on=on, choice=choice, region=hannover)
    assert f"Regel „{rule}“" in answer.reason.de and f"rule “{rule}”" in answer.reason.en
    assert dates_de in answer.reason.de and dates_en in answer.reason.en
    assert "Rechtsgrundlage: § 81a AufenthG" in answer.reason.de
    assert "legal basis: § 81a AufenthG" in answer.reason.en
    assert answer.source and answer.source in answer.reason.de and answer.source in answer.reason.en
    assert all(source.title for source in answer.sources)


def test_the_reason_starts_with_zustaendig_weil(hannover):
    answer = agreement_authority(workplace="Langenhagen", on=LAST_LOCAL_DAY, region=hannover)
    name = hannover.organisations["abh-region"].name
    assert answer.reason.de.startswith(f"Zuständig: {name}, weil ")
    assert answer.reason.en.startswith(f"Competent: {name}, because ")
    assert "Langenhagen" in answer.reason.de


def test_the_choice_reason_lists_both_candidates(hannover):
    answer = agreement_authority(workplace="Hannover", on=FIRST_CHOICE_DAY, region=hannover)
    for key in ("abh-lhh", ZENTRALSTELLE):
        assert hannover.organisations[key].name in answer.reason.de
        assert hannover.organisations[key].name in answer.reason.en


@pytest.mark.parametrize("on", [LAST_LOCAL_DAY, FIRST_CHOICE_DAY, FIRST_ZENTRALSTELLE_DAY])
@pytest.mark.parametrize("place", ["Hanoi", "Region Hannover", "Hannoversch Münden", "30159", ""])
def test_an_unknown_place_gets_no_authority(hannover, on, place):
    answer = agreement_authority(workplace=place, on=on, region=hannover)
    assert answer.status == "unknown_place"
    assert answer.organisation_key is None and answer.elsewhere == () and answer.candidates == ()
    assert "Lotse rät nicht" in answer.reason.de and "does not guess" in answer.reason.en


@pytest.mark.parametrize("place", ["Hildesheim", "Celle", "Peine", "Nienburg", "03254021"])
def test_a_lower_saxony_place_from_2026_names_the_zentralstelle_elsewhere(hannover, place):
    answer = agreement_authority(workplace=place, on=FIRST_ZENTRALSTELLE_DAY, region=hannover)
    assert answer.status == "outside_region"
    assert answer.organisation_key is None
    assert [c.key for c in answer.elsewhere] == [ZENTRALSTELLE]
    assert "nicht in dieser Region" in answer.reason.de and "Niedersachsen" in answer.reason.de
    assert "Regel „zentralstelle-ab-2026“" in answer.reason.de


def test_a_lower_saxony_place_before_july_2025_names_nobody(hannover):
    answer = agreement_authority(workplace="Hildesheim", on=LAST_LOCAL_DAY, region=hannover)
    assert answer.status == "outside_region" and answer.elsewhere == ()
    assert "steht nicht in den Daten dieser Region" in answer.reason.de
    assert "not in this region's data" in answer.reason.en


def test_a_lower_saxony_place_in_the_window_names_only_the_statewide_option(hannover):
    answer = agreement_authority(workplace="Celle", on=FIRST_CHOICE_DAY, region=hannover)
    assert answer.status == "outside_region"
    assert [(c.option, c.key) for c in answer.elsewhere] == [("zentralstelle", ZENTRALSTELLE)]
    assert "örtliche Alternative steht nicht in den Daten" in answer.reason.de
    local = agreement_authority(
        workplace="Celle", on=FIRST_CHOICE_DAY, choice="local", region=hannover
    )
    assert local.status == "outside_region" and local.elsewhere == ()
    central = agreement_authority(
        workplace="Celle", on=FIRST_CHOICE_DAY, choice="zentralstelle", region=hannover
    )
    assert [c.key for c in central.elsewhere] == [ZENTRALSTELLE]


@pytest.mark.parametrize("place", ["Hamburg", "Bremen", "Berlin", "Bielefeld", "09162000"])
def test_a_place_in_another_land_names_nobody_even_from_2026(hannover, place):
    answer = agreement_authority(workplace=place, on=FIRST_ZENTRALSTELLE_DAY, region=hannover)
    assert answer.status == "outside_region"
    assert answer.elsewhere == () and answer.organisation_key is None
    assert "Lotse nennt deshalb keine Behörde" in answer.reason.de


def test_the_default_region_is_hannover_from_the_repository():
    answer = agreement_authority(workplace="Hannover", on=LAST_LOCAL_DAY)
    assert (answer.region, answer.organisation_key) == ("hannover", "abh-lhh")
