"""Statutory figures by date, read from `parameters/**/*.yaml` (OpenFisca style).

Each YAML file is one parameter: values keyed by the date they take effect, each with its legal
reference. Salary thresholds are stored as a share of the Beitragsbemessungsgrenze (BBG) of the
general pension insurance; their amounts are computed here (share x BBG of the calendar year, to the
cent) and the amounts the BMI publishes are kept as check values; a check value not seen published
but computed from the statutory share is marked `derived: true` and is not reported as published. A
`value: null` ends a parameter (a route repealed on that date). The BBG holds for one calendar year
only. A date before the first assessed year is refused. A later year whose BBG is not yet published
is assessed *provisionally*: each amount becomes a band (`Band`) from the last published BBG times the
smallest and the largest yearly change in the published history (the BBG fell once, in 2022), per
year ahead; a salary above or below the whole band decides as usual, one inside it is undecided.
Adding a year is one edit: its BBG value (and the published amounts as check values); that ends the
provisional path for the year by itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import yaml

DIRECTORY = Path(__file__).parent / "parameters"
CENT = Decimal("0.01")
BBG = "social_security.bbg_pension"


class ParameterUnavailable(ValueError):
    """No parameter values exist for the requested date."""

    field = "reference_date"


class Band(Decimal):
    """A provisional amount for a year whose BBG is not yet published: the band [low, high].

    It is a Decimal (its low end) so that it formats and reports like an amount; comparisons that
    decide go through `rules.common.reach`, which looks at both ends.
    """

    __slots__ = ("low", "high", "year", "based_on")

    def __new__(cls, low: Decimal, high: Decimal, year: int, based_on: int) -> Band:
        band = super().__new__(cls, low)
        band.low, band.high, band.year, band.based_on = low, high, year, based_on
        return band

    def __reduce__(self):
        return (Band, (self.low, self.high, self.year, self.based_on))


@dataclass(frozen=True, slots=True)
class DatedValue:
    valid_from: date
    value: object
    reference: str


@dataclass(frozen=True, slots=True)
class Parameter:
    """One YAML file: a value timeline with references, and published check amounts."""

    id: str
    description: str
    unit: str
    reference: str
    values: tuple[DatedValue, ...]
    yearly: bool = False
    amount_id: str | None = None
    published: tuple[tuple[date, Decimal], ...] = ()
    derived: tuple[tuple[date, Decimal], ...] = ()
    publications: tuple[tuple[date, str], ...] = ()
    assessed_from: date | None = None
    provisional_years: int = 0

    def at(self, day: date) -> DatedValue | None:
        """The value in force on `day`, or None before the first one."""
        found = None
        for entry in self.values:
            if entry.valid_from <= day:
                found = entry
            else:
                break
        if found is not None and self.yearly and found.valid_from.year != day.year:
            return None
        return found

    def published_at(self, day: date) -> Decimal | None:
        """The published amount in force on `day` (check value); None if only derived or none."""
        found = None
        for valid_from, amount in self.published:
            if valid_from <= day:
                found = (valid_from, amount)
        for valid_from, _amount in self.derived:
            if found is not None and found[0] < valid_from <= day:
                found = None
        return None if found is None else found[1]


@dataclass(frozen=True, slots=True)
class ParameterRecord:
    """A value used for an assessment, with its start date and source, as reported."""

    id: str
    value: object
    valid_from: date
    source: str
    published: Decimal | None = None

    def to_json_dict(self) -> dict:
        value = self.value
        band = None
        if isinstance(value, Band):
            band = {
                "year": value.year,
                "low": f"{value.low:.2f}",
                "high": f"{value.high:.2f}",
                "based_on_year": value.based_on,
            }
            value = None
        elif isinstance(value, Decimal):
            value = f"{value:.2f}"
        elif isinstance(value, Fraction):
            value = str(value)
        data = {
            "id": self.id,
            "value": value,
            "valid_from": self.valid_from.isoformat(),
            "source": self.source,
        }
        if self.published is not None:
            data["published"] = f"{self.published:.2f}"
        if band is not None:
            data["provisional"] = band
        return data


@dataclass(frozen=True, slots=True)
class ParameterSet:
    """Every figure the rules need, as in force on one day (amounts in euros, Decimal)."""

    day: date
    bbg_year: int
    provisional_year: int | None  # a year whose BBG is not yet published: amounts are `Band`s
    social_security_bbg_pension: Decimal
    blue_card_standard: Decimal
    blue_card_reduced: Decimal
    blue_card_young_professional_route: bool
    blue_card_young_professional_years: int | None
    blue_card_it_specialist_route: bool
    blue_card_it_experience_years: int | None
    experience_route_in_force: bool
    experience_route_salary: Decimal | None
    experience_route_experience_years: int | None
    experience_route_old_it_route: bool
    experience_route_old_it_salary: Decimal | None
    experience_route_old_it_experience_years: int | None
    experience_route_old_it_german_level: str | None
    age_rule_age: int
    age_rule_salary: Decimal
    recognition_measure_german_level: str
    recognition_partnership_in_force: bool
    recognition_partnership_german_level: str | None
    skilled_worker_any_qualified_employment: bool
    fees_procedure_81a: Decimal
    fees_national_visa: Decimal
    fees_residence_permit: Decimal
    procedure_lead_time_months: int
    records: tuple[ParameterRecord, ...]
    citations: dict[str, str]  # amount id -> legal basis of the share in force


def _convert(unit: str, raw: object) -> object:
    if raw is None and unit != "flag":
        return None  # the parameter ends on this date
    if unit == "eur":
        return Decimal(str(raw))
    if unit == "share_of_bbg":
        return Fraction(str(raw))
    if unit == "flag":
        if not isinstance(raw, bool):
            raise TypeError(f"flag value must be true or false, not {raw!r}")
        return raw
    if unit in ("years", "months"):
        return int(raw) if float(raw).is_integer() else float(raw)
    if unit == "cefr":
        return str(raw)
    raise ValueError(f"unknown unit {unit!r}")


def _load_file(path: Path, directory: Path) -> Parameter:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ident = ".".join(path.relative_to(directory).with_suffix("").parts)
    meta = data["metadata"]
    unit = meta["unit"]
    values = tuple(
        DatedValue(valid_from, _convert(unit, entry["value"]), entry["reference"])
        for valid_from, entry in sorted(data["values"].items())
    )
    published, derived, publications = [], [], []
    for valid_from, check in sorted((data.get("published") or {}).items()):
        if isinstance(check, dict):
            target = derived if check.get("derived") else published
            target.append((valid_from, Decimal(str(check["amount"]))))
            if check.get("reference"):
                publications.append((valid_from, check["reference"]))
        else:
            published.append((valid_from, Decimal(str(check))))
    return Parameter(
        id=ident,
        description=data["description"],
        unit=unit,
        reference=meta["reference"],
        values=values,
        yearly=meta.get("period") == "year",
        amount_id=meta.get("amount_id"),
        published=tuple(published),
        derived=tuple(derived),
        publications=tuple(publications),
        assessed_from=meta.get("assessed_from"),
        provisional_years=int(meta.get("provisional_years", 0)),
    )


def load(directory: Path = DIRECTORY) -> dict[str, Parameter]:
    """Every parameter below `directory`, by id (its path with dots: `blue_card.salary_share_reduced`)."""
    parameters = (_load_file(path, directory) for path in sorted(directory.rglob("*.yaml")))
    return {parameter.id: parameter for parameter in parameters}


PARAMETERS: dict[str, Parameter] = load()
_FIELD_NAMES = {f.name for f in fields(ParameterSet)}


def yearly_change_band(bbg: Parameter) -> tuple[Fraction, Fraction]:
    """The smallest and the largest change of the BBG from one published year to the next."""
    ratios = [
        Fraction(later.value) / Fraction(earlier.value)
        for earlier, later in zip(bbg.values, bbg.values[1:], strict=False)
        if later.valid_from.year == earlier.valid_from.year + 1
    ]
    return min(ratios), max(ratios)


def provisional_bbg(bbg: Parameter, year: int) -> tuple[Decimal, Decimal, DatedValue]:
    """The band of the BBG of `year`, after the last published one: [low, high] in whole euros.

    Last published BBG times the smallest (largest) yearly change, once per year ahead; rounded
    outwards so that a salary outside the band is outside whatever the figure will be.
    """
    last = bbg.values[-1]
    ahead = year - last.valid_from.year
    smallest, largest = yearly_change_band(bbg)
    low = Fraction(last.value) * smallest**ahead
    high = Fraction(last.value) * largest**ahead
    return Decimal(math.floor(low)), Decimal(math.ceil(high)), last


def amount(share: Fraction, bbg: Decimal) -> Decimal:
    """`share` of the BBG in euros, rounded half up to the cent."""
    exact = bbg * Decimal(share.numerator) / Decimal(share.denominator)
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=8192)
def at(day: date) -> ParameterSet:
    """The parameters in force on `day`; raises ParameterUnavailable outside the covered years."""
    return parameter_set(PARAMETERS, day)


def parameter_set(parameters: dict[str, Parameter], day: date) -> ParameterSet:
    """Every figure of `parameters` in force on `day` (amounts computed from the BBG).

    After the last published year the amounts are provisional bands (`Band`)."""
    bbg_parameter = parameters[BBG]
    start = bbg_parameter.assessed_from or bbg_parameter.values[0].valid_from
    if day < start:
        raise ParameterUnavailable(
            f"no thresholds for {day.year}: the pre-check assesses from {start.isoformat()}"
        )
    bbg_entry = bbg_parameter.at(day)
    provisional = None
    if bbg_entry is None:  # a year after the last published BBG
        last = bbg_parameter.values[-1].valid_from.year
        if day.year > last + bbg_parameter.provisional_years:
            raise ParameterUnavailable(
                f"no thresholds for {day.year}: the last published BBG is of {last}; years up "
                f"to {last + bbg_parameter.provisional_years} are assessed provisionally"
            )
        low, high, bbg_entry = provisional_bbg(bbg_parameter, day.year)
        provisional = (low, high)
    bbg = bbg_entry.value
    year = day.year if provisional else bbg_entry.valid_from.year
    values: dict[str, object] = {"day": day, "bbg_year": year, "provisional_year": None}
    if provisional:
        values["provisional_year"] = year
    records = []
    citations = {}
    for parameter in parameters.values():
        entry = parameter.at(day)
        if parameter.amount_id is None:
            name = parameter.id.replace(".", "_")
            value = None if entry is None else entry.value
            valid_from = None if entry is None else entry.valid_from
            if parameter.id == BBG and provisional:
                value = Band(*provisional, year, bbg_entry.valid_from.year)
                valid_from = date(year, 1, 1)
            values[name] = value
            if (
                entry is not None
                and parameter.unit == "eur"
                and not parameter.id.startswith("fees")
            ):
                records.append(ParameterRecord(parameter.id, value, valid_from, entry.reference))
            continue
        name = parameter.amount_id.replace(".", "_")
        if entry is None or entry.value is None:
            values[name] = None
            continue
        computed = amount(entry.value, bbg)
        if provisional:
            low, high = provisional
            computed = Band(
                amount(entry.value, low), amount(entry.value, high), year, bbg_entry.valid_from.year
            )
        values[name] = computed
        citations[parameter.amount_id] = entry.reference
        base = f"BBG {bbg:,} € ({bbg_entry.reference})"
        if provisional:
            base = (
                f"BBG {year} not yet published: BBG {bbg_entry.valid_from.year} {bbg:,} € "
                f"({bbg_entry.reference}) times the smallest and largest yearly change since "
                f"{bbg_parameter.values[0].valid_from.year}"
            )
        records.append(
            ParameterRecord(
                parameter.amount_id,
                computed,
                max(entry.valid_from, date(year, 1, 1)),
                f"{entry.reference}: {float(entry.value) * 100:.4g} % x {base}",
                None if provisional else parameter.published_at(day),
            )
        )
    unexpected = set(values) - _FIELD_NAMES
    if unexpected:
        raise ValueError(f"parameters without a place in ParameterSet: {sorted(unexpected)}")
    return ParameterSet(**values, records=tuple(records), citations=citations)
