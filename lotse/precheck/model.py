"""The case description: input of the pre-check, and the JSON format of the CLI and the API.

A key that is absent, or null, is an unknown fact: the engine asks for it instead of guessing.
The one exception is `person.german_level`, where null means "no German proven" (below A2) and
only an absent key is unknown. Dates are strict ISO strings (`YYYY-MM-DD`): a number is not a
date. `reference_date` defaults to the day the caller passes in the validation context
(`context={"today": day}`: the platform passes its own clock) or, for the command line, to today
(Europe/Berlin); the rules themselves never read the clock.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from lotse.precheck.clock import today

GermanLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
QualificationLevel = Literal["academic", "vocational", "none"]
Recognition = Literal["full", "partial", "refused", "pending", "none"]
DocumentId = Literal[
    "passport",
    "power_of_attorney",
    "employment_contract",
    "employment_declaration",
    "cv_german",
    "qualification_certificate",
    "equivalence_notice",
    "deficit_notice",
    "qualification_measure_plan",
    "degree_comparability",
    "state_recognition_proof",
    "professional_licence",
    "experience_proof",
    "language_certificate",
    "pension_provision_proof",
    "collective_agreement_proof",
    "recognition_partnership_agreement",
    "transcript",
]

NonNegativeMoney = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """A date object, or a string `YYYY-MM-DD` that is a real day; nothing else (no numbers)."""
    kind = type(value)
    if kind is date:
        return value
    if kind is str and len(value) == 10 and value.isascii() and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "date_parsing", "impossible date {given} (expected YYYY-MM-DD)", {"given": value}
            ) from None
    shown = repr(value) if isinstance(value, str | int | float | bool) else kind.__name__
    # a pydantic error type of its own kind, so that callers can word it in their language
    raise PydanticCustomError(
        "date_type",
        "expected a date as a string YYYY-MM-DD, not {given}",
        {"given": shown[:40]},
    )


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Person(_Part):
    """The worker."""

    birth_date: IsoDate | None = None
    german_level: GermanLevel | None = Field(
        default=None,
        description="CEFR level proven; null = no German proven (below A2); absent = unknown.",
    )
    adequate_pension_provision: StrictBool | None = Field(
        default=None, description="Adequate old-age provision proven (§ 18 Abs. 2 Nr. 5 AufenthG)."
    )

    @property
    def german_level_known(self) -> bool:
        """True when `german_level` was given, null included (null = no German proven)."""
        return "german_level" in self.model_fields_set


class Qualification(_Part):
    """The foreign professional qualification and where its recognition stands."""

    level: QualificationLevel | None = None
    state_recognized_abroad: StrictBool | None = Field(
        default=None, description="State-recognised in the country where it was obtained."
    )
    recognition: Recognition | None = Field(
        default=None,
        description="German equivalence decision (Gleichwertigkeitsfeststellung): "
        "full, partial (deficit notice), refused, pending, or none (not applied for).",
    )
    zab_comparable: StrictBool | None = Field(
        default=None, description="Degree comparable to a German one (anabin H+ / ZAB statement)."
    )
    graduation_date: IsoDate | None = None


class Experience(_Part):
    """Professional experience, counted back from the reference date."""

    years_last_5: Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)] | None = None
    it_years_last_7: Annotated[float, Field(ge=0, le=7, allow_inf_nan=False)] | None = None


class Job(_Part):
    """The concrete job offer of the employer."""

    offer: StrictBool | None = None
    requires_qualification: StrictBool | None = Field(
        default=None, description="The job is qualified employment (§ 2 Abs. 12b AufenthG)."
    )
    matches_qualification: StrictBool | None = Field(
        default=None, description="The job is appropriate to the worker's qualification."
    )
    annual_gross_salary_eur: NonNegativeMoney | None = None
    shortage_occupation: StrictBool | None = Field(
        default=None, description="ISCO-08 group 132, 133, 134, 21, 221, 222, 225, 226, 23 or 25."
    )
    it_specialist: StrictBool | None = Field(
        default=None, description="Information and communication technology (ISCO-08 133 or 25)."
    )
    regulated_profession: StrictBool | None = None
    professional_licence: StrictBool | None = Field(
        default=None,
        description="Licence to practise (Berufsausübungserlaubnis) granted or assured.",
    )
    employer_collective_agreement: StrictBool | None = Field(
        default=None, description="Employer bound by a collective agreement and paying its rates."
    )
    start_date: IsoDate | None = Field(
        default=None,
        description="Planned start of employment: the day the age-45 rule is judged on "
        "(§ 18 Abs. 2 Nr. 5 AufenthG); absent: the reference date plus the procedure's lead time.",
    )


_PARTS = {
    "person": Person,
    "qualification": Qualification,
    "experience": Experience,
    "job": Job,
}


class CaseInput(_Part):
    """One case description for the pre-check (JSON format of the CLI and the API)."""

    reference_date: IsoDate | None = Field(
        default=None, description="Assessment day; absent or null: today (Europe/Berlin)."
    )
    person: Person | None = Field(default_factory=Person)
    qualification: Qualification | None = Field(default_factory=Qualification)
    experience: Experience | None = Field(default_factory=Experience)
    job: Job | None = Field(default_factory=Job)
    first_residence_title_for_employment: StrictBool | None = None
    recognition_partnership_agreement: StrictBool | None = None
    documents: list[DocumentId] | None = Field(
        default=None, description="Documents supplied; absent = judge the prospect only."
    )

    @model_validator(mode="after")
    def _complete_and_consistent(self, info: ValidationInfo) -> CaseInput:
        """Today for a missing date, empty parts for null ones; no date after the reference date.

        Today is the caller's (`context={"today": day}`), else the engine's clock (command line).
        """
        if self.reference_date is None:
            given = (info.context or {}).get("today")
            self.reference_date = given if given is not None else today()
        for name, part in _PARTS.items():
            if getattr(self, name) is None:
                setattr(self, name, part())
        born = self.person.birth_date
        if born is not None and born > self.reference_date:
            raise ValueError("person.birth_date lies after reference_date")
        graduated = self.qualification.graduation_date
        if graduated is not None and graduated > self.reference_date:
            raise ValueError("qualification.graduation_date lies after reference_date")
        return self


class ExampleFile(_Part):
    """An example file: a case with its expected result and the reasoning behind it."""

    name: str
    input: CaseInput
    expected: dict
    reasoning: str = ""
