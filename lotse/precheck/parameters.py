"""Statutory figures by date, read from `parameters/**/*.yaml` (OpenFisca style).

Each YAML file is one parameter: values keyed by the date they take effect, each with its legal
reference. Salary thresholds are stored as a share of the Beitragsbemessungsgrenze (BBG) of the
general pension insurance; their amounts are computed here (share x BBG of the calendar year, to the
cent) and the amounts the BMI publishes are kept as check values; a check value not seen published
but computed from the statutory share is marked `derived: true` and is not reported as published. A
`value: null` ends a parameter (a route repealed on that date). The BBG holds for one calendar year
only, so a date in a year without a BBG is refused instead of silently using an old one. Adding a
year is one edit: its BBG value (and the published amounts as check values).
"""

from __future__ import annotations

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
        if isinstance(value, Decimal):
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
        return data


@dataclass(frozen=True, slots=True)
class ParameterSet:
    """Every figure the rules need, as in force on one day (amounts in euros, Decimal)."""

    day: date
    bbg_year: int
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
    age_rule_age: int
    age_rule_salary: Decimal
    recognition_measure_german_level: str
    recognition_partnership_in_force: bool
    recognition_partnership_german_level: str | None
    skilled_worker_any_qualified_employment: bool
    fees_procedure_81a: Decimal
    fees_national_visa: Decimal
    fees_residence_permit: Decimal
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
    if unit == "years":
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
    published, derived = [], []
    for valid_from, check in sorted((data.get("published") or {}).items()):
        if isinstance(check, dict):
            target = derived if check.get("derived") else published
            target.append((valid_from, Decimal(str(check["amount"]))))
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
    )


def load(directory: Path = DIRECTORY) -> dict[str, Parameter]:
    """Every parameter below `directory`, by id (its path with dots: `blue_card.salary_share_reduced`)."""
    parameters = (_load_file(path, directory) for path in sorted(directory.rglob("*.yaml")))
    return {parameter.id: parameter for parameter in parameters}


PARAMETERS: dict[str, Parameter] = load()
_FIELD_NAMES = {f.name for f in fields(ParameterSet)}


def first_day() -> date:
    """The first day for which the BBG, and so every salary threshold, is known."""
    return PARAMETERS[BBG].values[0].valid_from


def amount(share: Fraction, bbg: Decimal) -> Decimal:
    """`share` of the BBG in euros, rounded half up to the cent."""
    exact = bbg * Decimal(share.numerator) / Decimal(share.denominator)
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=8192)
def at(day: date) -> ParameterSet:
    """The parameters in force on `day`; raises ParameterUnavailable outside the covered years."""
    return parameter_set(PARAMETERS, day)


def parameter_set(parameters: dict[str, Parameter], day: date) -> ParameterSet:
    """Every figure of `parameters` in force on `day` (amounts computed from the BBG)."""
    bbg_entry = parameters[BBG].at(day)
    if bbg_entry is None:
        raise ParameterUnavailable(
            f"no Beitragsbemessungsgrenze for {day.year}: thresholds are known from "
            f"{parameters[BBG].values[0].valid_from.isoformat()} to the end of the last year in "
            f"parameters/social_security/bbg_pension.yaml"
        )
    bbg = bbg_entry.value
    values: dict[str, object] = {"day": day, "bbg_year": bbg_entry.valid_from.year}
    records = []
    citations = {}
    for parameter in parameters.values():
        entry = parameter.at(day)
        if parameter.amount_id is None:
            name = parameter.id.replace(".", "_")
            values[name] = None if entry is None else entry.value
            if (
                entry is not None
                and parameter.unit == "eur"
                and not parameter.id.startswith("fees")
            ):
                records.append(
                    ParameterRecord(parameter.id, entry.value, entry.valid_from, entry.reference)
                )
            continue
        name = parameter.amount_id.replace(".", "_")
        if entry is None or entry.value is None:
            values[name] = None
            continue
        computed = amount(entry.value, bbg)
        values[name] = computed
        citations[parameter.amount_id] = entry.reference
        records.append(
            ParameterRecord(
                parameter.amount_id,
                computed,
                max(entry.valid_from, bbg_entry.valid_from),
                f"{entry.reference}: {float(entry.value) * 100:.4g} % x BBG {bbg:,} € "
                f"({bbg_entry.reference})",
                parameter.published_at(day),
            )
        )
    unexpected = set(values) - _FIELD_NAMES
    if unexpected:
        raise ValueError(f"parameters without a place in ParameterSet: {sorted(unexpected)}")
    return ParameterSet(**values, records=tuple(records), citations=citations)
