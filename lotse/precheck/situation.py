"""The case as plain values, plus the few facts derived from dates (age, recent degree).

Built once per case so that rules read plain attributes: `None` is an unknown fact throughout,
except `german_rank`, where 0 means "no German proven" and None means unknown.

Two days matter. The reference date (`day`) is the assessment day: thresholds of its year, and
"within the last N years" counted to it. The decisive day (`decisive_day`) is when the title is
expected to be first issued: the planned start of employment (`job.start_date`) or, without it,
the reference date plus the procedure's expected lead time. The age-45 rule (§ 18 Abs. 2 Nr. 5
AufenthG) looks at the first issuance, so a 45th birthday between the two days is undecided.
"""

from __future__ import annotations

from datetime import date, timedelta

from lotse.precheck.model import CaseInput
from lotse.precheck.parameters import ParameterSet

GERMAN_RANK = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6}


def anniversary(day: date, years: int) -> date:
    """The day `years` years after `day`; 29 February gives 1 March in a common year.

    §§ 187 Abs. 2, 188 Abs. 2 BGB: a year of age ends with the day before the birthday, so someone
    born on 29 February completes it with 28 February and has their birthday on 1 March.
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def years_before(day: date, years: int) -> date:
    """The earliest day from which a period of `years` years still runs on `day`.

    The same calendar day `years` years earlier; for 29 February in a common year, 1 March. An
    event on day E starts a period on E + 1 (§ 187 Abs. 1 BGB) that ends with the corresponding
    day, or with 28 February where that is a missing 29 February (§ 188 Abs. 2, 3 BGB). On
    29 February 2024 an event of 28 February 2021 is over three years past (its period ended on
    28 February 2024), one of 1 March 2021 is not: the convention of `anniversary` for birthdays.
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 3, 1)


def months_after(day: date, months: int) -> date:
    """The same calendar day `months` months later; the month's last day where it has none."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    while True:
        try:
            return day.replace(year=year, month=month)
        except ValueError:
            day = day.replace(day=day.day - 1)


def last_day_within(event: date, years: int) -> date:
    """The last reference date on which `event` still lies within the last `years` years.

    The inverse of `years_before`: the anniversary itself, or the day before where the anniversary
    of a 29 February falls on 1 March.
    """
    end = anniversary(event, years)
    return end if years_before(end, years) <= event else end - timedelta(days=1)


AGE_PENDING = "pending"  # the 45th birthday falls between the reference date and the decisive day


class Situation:
    """The facts of one case on its reference date."""

    __slots__ = (
        "day",
        "decisive_day",
        "birthday",
        "age_reached",
        "german_known",
        "german_rank",
        "pension",
        "level",
        "state_recognized",
        "recognition",
        "zab",
        "graduation_date",
        "years_last_5",
        "it_years_last_7",
        "offer",
        "qualified_job",
        "matches",
        "salary",
        "shortage",
        "it",
        "regulated",
        "licence",
        "tariff",
        "first_title",
        "partnership",
        "documents",
    )

    def __init__(self, case: CaseInput, params: ParameterSet) -> None:
        self.day = day = case.reference_date
        start = case.job.start_date
        if start is None:
            decisive = months_after(day, params.procedure_lead_time_months)
        else:
            decisive = max(start, day)
        self.decisive_day = decisive
        person = case.person
        born = person.birth_date
        # age_reached: True (45th birthday on or before the reference date), False (after the
        # decisive day), AGE_PENDING (in between: the age on the day of first issuance decides)
        if born is None:
            self.birthday = self.age_reached = None
        else:
            self.birthday = birthday = anniversary(born, params.age_rule_age)
            if birthday <= day:
                self.age_reached = True
            elif birthday <= decisive:
                self.age_reached = AGE_PENDING
            else:
                self.age_reached = False
        self.german_known = person.german_level_known
        level = person.german_level
        self.german_rank = (
            (0 if level is None else GERMAN_RANK[level]) if self.german_known else None
        )
        self.pension = person.adequate_pension_provision
        qualification = case.qualification
        self.level = qualification.level
        self.state_recognized = qualification.state_recognized_abroad
        self.recognition = qualification.recognition
        self.zab = qualification.zab_comparable
        self.graduation_date = qualification.graduation_date
        experience = case.experience
        self.years_last_5 = experience.years_last_5
        self.it_years_last_7 = experience.it_years_last_7
        job = case.job
        self.offer = job.offer
        self.qualified_job = job.requires_qualification
        self.matches = job.matches_qualification
        self.salary = job.annual_gross_salary_eur
        self.shortage = job.shortage_occupation
        self.it = job.it_specialist
        self.regulated = job.regulated_profession
        self.licence = job.professional_licence
        self.tariff = job.employer_collective_agreement
        self.first_title = case.first_residence_title_for_employment
        self.partnership = case.recognition_partnership_agreement
        self.documents = None if case.documents is None else frozenset(case.documents)
