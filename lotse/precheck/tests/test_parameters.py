"""Dated parameters: computed amounts equal the published ones to the cent; switches by date."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from lotse.precheck import parameters
from lotse.precheck.parameters import PARAMETERS, ParameterUnavailable, at, load, parameter_set

PUBLISHED = [
    (parameter.amount_id, day, amount)
    for parameter in PARAMETERS.values()
    for day, amount in parameter.published + parameter.derived
]


@pytest.mark.parametrize(
    ("amount_id", "day", "published"), PUBLISHED, ids=[f"{a}@{d}" for a, d, _ in PUBLISHED]
)
def test_computed_amount_equals_published_amount_to_the_cent(amount_id, day, published):
    computed = getattr(at(day), amount_id.replace(".", "_"))
    assert computed == published


def test_blue_card_reduced_2026_is_45_3_percent_of_101400():
    """§ 18g Abs. 1 S. 2 AufenthG: 45.3 % x 101,400 € = 45,934.20 €."""
    assert at(date(2026, 1, 1)).blue_card_reduced == Decimal("45934.20")


def test_every_value_has_a_reference_and_years_2023_to_2026_are_covered():
    for parameter in PARAMETERS.values():
        assert parameter.reference and parameter.description
        assert all(entry.reference for entry in parameter.values)
    for year in (2023, 2024, 2025, 2026):
        assert at(date(year, 1, 1)).bbg_year == year
        assert at(date(year, 12, 31)).bbg_year == year


@pytest.mark.parametrize(
    ("day", "field", "before", "after"),
    [
        (date(2024, 1, 1), "blue_card_standard", "43800.00", "45300.00"),
        (date(2025, 1, 1), "blue_card_standard", "45300.00", "48300.00"),
        (date(2026, 1, 1), "blue_card_reduced", "43759.80", "45934.20"),
        (date(2023, 11, 18), "blue_card_standard", "58400.00", "43800.00"),
        (date(2023, 11, 18), "blue_card_reduced", "45552.00", "39682.80"),
        (date(2024, 3, 1), "experience_route_salary", None, "40770.00"),
        (date(2025, 1, 1), "age_rule_salary", "49830.00", "53130.00"),
    ],
)
def test_threshold_switches_on_its_validity_date(day, field, before, after):
    old = getattr(at(day - timedelta(days=1)), field)
    new = getattr(at(day), field)
    assert old == (None if before is None else Decimal(before))
    assert new == Decimal(after)


def test_route_flags_switch_on_their_dates():
    assert not at(date(2024, 2, 29)).experience_route_in_force
    assert at(date(2024, 3, 1)).experience_route_in_force
    assert at(date(2024, 2, 29)).experience_route_old_it_route
    assert not at(date(2024, 3, 1)).experience_route_old_it_route
    assert not at(date(2024, 2, 29)).recognition_partnership_in_force
    assert at(date(2024, 3, 1)).recognition_partnership_in_force
    assert not at(date(2023, 11, 17)).blue_card_it_specialist_route
    assert at(date(2023, 11, 18)).blue_card_young_professional_route


@pytest.mark.parametrize("day", [date(2022, 12, 31), date(2015, 6, 1)])
def test_a_day_before_the_assessed_years_is_refused(day):
    with pytest.raises(ParameterUnavailable, match=str(day.year)):
        at(day)


def test_adding_a_year_is_one_yaml_edit(tmp_path):
    """No code change: append the 2027 BBG and the 2027 thresholds follow from the shares."""
    copy = tmp_path / "parameters"
    shutil.copytree(parameters.DIRECTORY, copy)
    bbg = copy / "social_security" / "bbg_pension.yaml"
    bbg.write_text(
        bbg.read_text(encoding="utf-8")
        + "  2027-01-01:\n    value: 110000\n    reference: test value\n",
        encoding="utf-8",
    )
    values = parameter_set(load(copy), date(2027, 6, 1))
    assert values.blue_card_standard == Decimal("55000.00")
    assert values.blue_card_reduced == Decimal("49830.00")
    assert values.age_rule_salary == Decimal("60500.00")


def test_records_report_value_start_and_source():
    records = {r.id: r.to_json_dict() for r in at(date(2026, 2, 10)).records}
    assert records["blue_card.standard"]["value"] == "50700.00"
    assert records["blue_card.standard"]["valid_from"] == "2026-01-01"
    assert "§ 18g Abs. 1 S. 1 AufenthG" in records["blue_card.standard"]["source"]
    assert records["blue_card.standard"]["published"] == "50700.00"


def test_old_it_route_threshold_is_60_percent_of_the_bbg_until_29_february_2024():
    """§ 6 BeschV a. F.: 60 % x 90,600 € = 54,360.00 € (published), 60 % x 87,600 € = 52,560.00 €."""
    parameter = PARAMETERS["experience_route.old_it_salary_share"]
    assert parameter.published == ((date(2024, 1, 1), Decimal("54360.00")),)
    assert parameter.derived == ((date(2023, 1, 1), Decimal("52560.00")),)
    assert at(date(2023, 1, 1)).experience_route_old_it_salary == Decimal("52560.00")
    assert at(date(2023, 12, 31)).experience_route_old_it_salary == Decimal("52560.00")
    assert at(date(2024, 1, 1)).experience_route_old_it_salary == Decimal("54360.00")
    assert at(date(2024, 2, 29)).experience_route_old_it_salary == Decimal("54360.00")
    assert at(date(2024, 2, 29)).experience_route_old_it_experience_years == 3
    assert at(date(2024, 3, 1)).experience_route_old_it_salary is None
    assert at(date(2024, 3, 1)).experience_route_old_it_experience_years is None


def test_old_it_route_record_reports_only_the_published_amount():
    """The 2023 check value is derived, not published: the record does not call it published."""
    records_2023 = {r.id: r.to_json_dict() for r in at(date(2023, 6, 1)).records}
    records_2024 = {r.id: r.to_json_dict() for r in at(date(2024, 2, 29)).records}
    assert records_2023["experience_route.old_it_salary"]["value"] == "52560.00"
    assert "published" not in records_2023["experience_route.old_it_salary"]
    assert records_2024["experience_route.old_it_salary"]["published"] == "54360.00"
    assert "60 % x BBG" in records_2024["experience_route.old_it_salary"]["source"]
    records_march = {r.id for r in at(date(2024, 3, 1)).records}
    assert "experience_route.old_it_salary" not in records_march


def test_every_published_check_value_carries_its_publication():
    """Issue 11 item 4: the Bundesanzeiger / BGBl. place, not only the statute."""
    for parameter in PARAMETERS.values():
        published = {day for day, _amount in parameter.published}
        assert published <= {day for day, _reference in parameter.publications}, parameter.id
        assert all("Bundesanzeiger" in text for _day, text in parameter.publications)


def test_bbg_history_from_2015_with_its_one_fall_in_2022():
    bbg = PARAMETERS[parameters.BBG]
    years = [entry.valid_from.year for entry in bbg.values]
    assert years == list(range(2015, years[-1] + 1))
    assert all("SV-Rechengrößenverordnung" in entry.reference for entry in bbg.values)
    smallest, largest = parameters.yearly_change_band(bbg)
    assert smallest == Fraction(84600, 85200)  # 2022
    assert largest == Fraction(96600, 90600)  # 2025
    assert bbg.assessed_from == date(2023, 1, 1)  # the first day the pre-check assesses


def test_a_year_after_the_last_published_bbg_is_provisional_within_five_years():
    provisional = at(date(2027, 1, 1))
    assert provisional.provisional_year == 2027 and provisional.bbg_year == 2027
    band = provisional.blue_card_standard
    assert (band.low, band.high) == (Decimal("50342.50"), Decimal("54058.00"))
    records = {r.id: r.to_json_dict() for r in provisional.records}
    assert records["blue_card.standard"]["provisional"] == {
        "year": 2027,
        "low": "50342.50",
        "high": "54058.00",
        "based_on_year": 2026,
    }
    assert records["blue_card.standard"]["valid_from"] == "2027-01-01"
    assert "published" not in records["blue_card.standard"]
    assert at(date(2031, 12, 31)).provisional_year == 2031
    with pytest.raises(ParameterUnavailable, match="2032"):
        at(date(2032, 1, 1))


def test_adding_the_year_ends_the_provisional_path(tmp_path):
    copy = tmp_path / "parameters"
    shutil.copytree(parameters.DIRECTORY, copy)
    bbg = copy / "social_security" / "bbg_pension.yaml"
    bbg.write_text(
        bbg.read_text(encoding="utf-8")
        + "  2027-01-01:\n    value: 105000\n    reference: test value\n",
        encoding="utf-8",
    )
    values = parameter_set(load(copy), date(2027, 6, 1))
    assert values.provisional_year is None
    assert values.blue_card_standard == Decimal("52500.00")
