"""Conditions shared by several pathways: § 18 Abs. 2 AufenthG, qualification, German, salary.

Each rule is a small function over the situation and the parameters in force; it returns a
`Condition` with a citation and a message key. Findings without parameters are built once at import
and shared. A rule never reads the clock and holds no statutory figure.
"""

from __future__ import annotations

from decimal import Decimal

from lotse.precheck.findings import (
    FUTURE_FACT,
    MET,
    NOT_MET,
    OUTSTANDING,
    PENDING,
    STEP_LICENCE,
    STEP_RECOGNITION,
    UNKNOWN,
    UNPUBLISHED_PARAMETER,
    Condition,
    fixed,
    tri,
)
from lotse.precheck.parameters import Band, ParameterSet
from lotse.precheck.situation import AGE_PENDING, GERMAN_RANK, Situation

F_LEVEL = "qualification.level"
F_STATE_RECOGNIZED = "qualification.state_recognized_abroad"
F_RECOGNITION = "qualification.recognition"
F_ZAB = "qualification.zab_comparable"
F_GRADUATION = "qualification.graduation_date"
F_OFFER = "job.offer"
F_QUALIFIED = "job.requires_qualification"
F_MATCHES = "job.matches_qualification"
F_SALARY = "job.annual_gross_salary_eur"
F_SHORTAGE = "job.shortage_occupation"
F_IT = "job.it_specialist"
F_REGULATED = "job.regulated_profession"
F_LICENCE = "job.professional_licence"
F_TARIFF = "job.employer_collective_agreement"
F_BIRTH = "person.birth_date"
F_GERMAN = "person.german_level"
F_PENSION = "person.adequate_pension_provision"
F_FIRST = "first_residence_title_for_employment"
F_PARTNERSHIP = "recognition_partnership_agreement"
F_YEARS_5 = "experience.years_last_5"
F_IT_YEARS_7 = "experience.it_years_last_7"

RECOGNITION_UNDECIDED = ("none", "pending")


PROVISIONAL = "provisional"


def reach(salary: Decimal | None, threshold: Decimal) -> bool | str | None:
    """Whether the annual gross salary reaches `threshold` (>=, to the cent); None if unknown.

    For a provisional threshold (`Band`, a year whose BBG is not yet published): True at or above
    the band's top, False below its bottom, PROVISIONAL inside it.
    """
    if salary is None:
        return None
    if type(threshold) is Band:
        if salary >= threshold.high:
            return True
        return False if salary < threshold.low else PROVISIONAL
    return salary >= threshold


def unpublished(threshold: Band) -> tuple[tuple[str, str, int], ...]:
    """What decides a salary inside a provisional band: the figure of that year, once published."""
    return ((UNPUBLISHED_PARAMETER, "social_security.bbg_pension", threshold.year),)


def combine_any(routes: list[tuple[bool | None, str | None]]) -> tuple[str, tuple[str, ...]]:
    """Status of "one of these routes suffices" over yes/no facts, with the fields still to ask."""
    unknown: list[str] = []
    for value, field in routes:
        if value is True:
            return MET, ()
        if value is None and field is not None:
            unknown.append(field)
    return (UNKNOWN, tuple(unknown)) if unknown else (NOT_MET, ())


# § 18 Abs. 2 Nr. 1 AufenthG: a concrete job offer.
JOB_OFFER = tri("job_offer", "§ 18 Abs. 2 Nr. 1 AufenthG", F_OFFER, "job_offer")


def job_offer(s: Situation) -> Condition:
    """A concrete job offer (§ 18 Abs. 2 Nr. 1 AufenthG)."""
    return JOB_OFFER[s.offer]


def qualified_employment_rule(citation: str):
    """The rule "the job is qualified employment" (§ 2 Abs. 12b AufenthG) under `citation`."""
    findings = tri("qualified_employment", citation, F_QUALIFIED, "qualified_employment")

    def qualified_employment(s: Situation) -> Condition:
        """The offered job is qualified employment (§ 2 Abs. 12b AufenthG, per `citation`)."""
        return findings[s.qualified_job]

    return qualified_employment


def matches_qualification_rule(citation: str):
    """The rule "the job is appropriate to the qualification" under `citation`."""
    findings = tri("employment_matches_qualification", citation, F_MATCHES, "matches_qualification")

    def matches_qualification(s: Situation) -> Condition:
        """The job fits the worker's qualification (per `citation`)."""
        return findings[s.matches]

    return matches_qualification


LICENCE_CITATION = "§ 18 Abs. 2 Nr. 3 AufenthG"
LICENCE_NOT_REGULATED = fixed(
    "professional_licence", LICENCE_CITATION, "licence.not_regulated", MET
)
LICENCE_GRANTED = fixed("professional_licence", LICENCE_CITATION, "licence.granted", MET)
LICENCE_OUTSTANDING = Condition(
    "professional_licence",
    OUTSTANDING,
    LICENCE_CITATION,
    "licence.outstanding",
    steps=(STEP_LICENCE,),
)


def professional_licence(s: Situation) -> Condition:
    """A licence to practise, granted or assured, where the job is regulated.

    § 18 Abs. 2 Nr. 3 AufenthG. A licence not yet granted is obtained in the procedure: outstanding.
    """
    if s.regulated is False:
        return LICENCE_NOT_REGULATED
    if s.licence is True:
        return LICENCE_GRANTED
    if s.regulated is True:
        if s.licence is False:
            return LICENCE_OUTSTANDING
        return Condition(
            "professional_licence",
            UNKNOWN,
            LICENCE_CITATION,
            "licence.unknown",
            fields=(F_LICENCE,),
        )
    fields = (F_REGULATED,) if s.licence is False else (F_REGULATED, F_LICENCE)
    return Condition(
        "professional_licence", UNKNOWN, LICENCE_CITATION, "licence.unknown", fields=fields
    )


def age_rule(s: Situation, p: ParameterSet, citation: str) -> Condition:
    """From age 45 a first title needs 55 % of the BBG or adequate old-age provision.

    § 18 Abs. 2 Nr. 5 AufenthG (for §§ 18a, 18b; via § 1 Abs. 2 BeschV also consent under § 6
    BeschV): "bei erstmaliger Erteilung" - the age on the day the title is first issued decides.
    A 45th birthday on or before the reference date: the rule applies; after the decisive day
    (planned start, or the reference date plus the expected lead time): it does not; in between
    the condition waits for that day (`future_fact`), unless salary, provision or a later title
    meet it anyway.
    """
    threshold = p.age_rule_salary
    age = s.age_reached
    if age is False:
        return Condition(
            "age_45_rule", MET, citation, "age_rule.under_age", {"age": p.age_rule_age}
        )
    if s.first_title is False:
        return Condition(
            "age_45_rule", MET, citation, "age_rule.not_first_title", {"age": p.age_rule_age}
        )
    salary = s.salary
    high = reach(salary, threshold)
    params = {"age": p.age_rule_age, "salary": salary, "threshold": threshold, "year": p.bbg_year}
    if high is True:
        return Condition("age_45_rule", MET, citation, "age_rule.salary", params)
    if s.pension is True:
        return Condition("age_45_rule", MET, citation, "age_rule.pension", params)
    fields = tuple(
        field
        for value, field in (
            (age, F_BIRTH),
            (s.first_title, F_FIRST),
            (high, F_SALARY),
            (s.pension, F_PENSION),
        )
        if value is None
    )
    waits: tuple = ()
    message = "age_rule.unknown"
    if age is AGE_PENDING:
        waits = ((FUTURE_FACT, "age_45_reached", s.birthday),)
        params = {**params, "birthday": s.birthday, "decisive_day": s.decisive_day}
        message = "age_rule.birthday_pending"
    if high == PROVISIONAL:
        waits += unpublished(threshold)
        if age is not AGE_PENDING:
            message = "age_rule.provisional"
    if fields:
        return Condition("age_45_rule", UNKNOWN, citation, message, params, fields, (), waits)
    if waits:
        return Condition("age_45_rule", PENDING, citation, message, params, (), (), waits)
    return Condition("age_45_rule", NOT_MET, citation, "age_rule.not_met", params)


JUSTIFIED_CASE, ATYPICAL_CASE = "justified_case", "atypical_case"


def german_level(
    s: Situation, level: str, citation: str, exception: str | None = None
) -> Condition:
    """German at `level` or above (CEFR); null = none proven, absent = unknown.

    `exception`: the law asks for the level "as a rule" (`atypical_case`, "in der Regel") or allows
    a waiver "in a justified individual case" (`justified_case`). One reading for both: unmet, the
    condition is not met and closes the variant; the explanation names the exception and that the
    authority decides it, since the pre-check cannot assume an exception.
    """
    rank = s.german_rank
    params = {"level": level}
    if rank is None:
        return Condition(
            "german_language", UNKNOWN, citation, "german.unknown", params, (F_GERMAN,)
        )
    if rank and rank >= GERMAN_RANK[level]:
        return Condition("german_language", MET, citation, "german.met", params)
    message = "german.none" if rank == 0 else "german.below"
    if exception:
        message += f"_{exception}"
    return Condition("german_language", NOT_MET, citation, message, params)


def equivalence_route(s: Situation, procedure: bool | None) -> tuple[str, tuple, tuple]:
    """Where the equivalence decision stands while `recognition` is `none` or `pending`.

    § 81a Abs. 3 AufenthG, § 14a BQFG: the procedure obtains the decision for a qualification
    state-recognised abroad that has an equivalence procedure (`procedure`), so it is outstanding;
    without such a procedure, or without state recognition, no decision can come.
    """
    sra = s.state_recognized
    if procedure is False or sra is False:
        return NOT_MET, (), ()
    if procedure is None or sra is None:
        fields = []
        if procedure is None:
            fields.append(F_LEVEL if s.level is None else F_REGULATED)
        if sra is None:
            fields.append(F_STATE_RECOGNIZED)
        return UNKNOWN, tuple(fields), ()
    return OUTSTANDING, (), (STEP_RECOGNITION,)


DEGREE_CITATION = "§ 18 Abs. 2 Nr. 4, Abs. 3 Nr. 2 AufenthG"
DEGREE_LEVEL_UNKNOWN = fixed(
    "academic_qualification", DEGREE_CITATION, "degree.unknown", UNKNOWN, F_LEVEL
)
DEGREE_NONE = fixed("academic_qualification", DEGREE_CITATION, "degree.no_degree", NOT_MET)
DEGREE_COMPARABLE = fixed("academic_qualification", DEGREE_CITATION, "degree.comparable", MET)
DEGREE_RECOGNISED = fixed("academic_qualification", DEGREE_CITATION, "degree.recognised", MET)
DEGREE_NOT_MET = fixed("academic_qualification", DEGREE_CITATION, "degree.not_comparable", NOT_MET)
DEGREE_OUTSTANDING = Condition(
    "academic_qualification",
    OUTSTANDING,
    DEGREE_CITATION,
    "degree.outstanding",
    steps=(STEP_RECOGNITION,),
)


def academic_qualification(s: Situation) -> Condition:
    """A German, recognised or comparable foreign degree (§ 18 Abs. 3 Nr. 2 AufenthG).

    Comparable: anabin H+ / ZAB statement (`zab_comparable`). Recognised: `recognition: full`.
    A degree has an equivalence procedure only for a regulated profession; otherwise only the
    comparability test decides, and an absent `zab_comparable` is unknown.
    """
    level = s.level
    if level is None:
        return DEGREE_LEVEL_UNKNOWN
    if level != "academic":
        return DEGREE_NONE
    if s.zab is True:
        return DEGREE_COMPARABLE
    recognition = s.recognition
    if recognition == "full":
        return DEGREE_RECOGNISED
    if recognition is None:
        by_recognition = (UNKNOWN, (F_RECOGNITION,), ())
    elif recognition in RECOGNITION_UNDECIDED:
        by_recognition = equivalence_route(s, s.regulated)
    else:
        by_recognition = (NOT_MET, (), ())
    status, fields, _steps = by_recognition
    if s.zab is None:
        status, fields = UNKNOWN, (F_ZAB, *fields)
    if status is NOT_MET:
        return DEGREE_NOT_MET
    if status is OUTSTANDING:
        return DEGREE_OUTSTANDING
    return Condition(
        "academic_qualification", UNKNOWN, DEGREE_CITATION, "degree.unknown", fields=fields
    )


def state_recognised_qualification(s: Situation, citation: str) -> Condition:
    """A vocational qualification or degree state-recognised where it was obtained.

    § 6 Abs. 1 S. 1 Nr. 3 BeschV, § 16d Abs. 3 AufenthG. For a degree, anabin / ZAB (`zab_comparable`)
    also proves state recognition (documents.md 2a).
    """
    level = s.level
    ident = "state_recognised_qualification"
    if level == "none":
        return Condition(ident, NOT_MET, citation, "state_recognised.no_qualification")
    sra = s.state_recognized
    if sra is None and level == "academic" and s.zab is True:
        sra = True
    if sra is False:
        return Condition(ident, NOT_MET, citation, "state_recognised.not_met")
    fields = ((F_LEVEL,) if level is None else ()) + ((F_STATE_RECOGNIZED,) if sra is None else ())
    if fields:
        return Condition(ident, UNKNOWN, citation, "state_recognised.unknown", fields=fields)
    return Condition(ident, MET, citation, "state_recognised.met")


def years_of_experience(
    ident: str, years: float | None, needed: float, citation: str, field: str
) -> Condition:
    """Enough years of experience in the counted window (the rules differ in window and length)."""
    params = {"years": years, "needed": needed}
    if years is None:
        return Condition(ident, UNKNOWN, citation, f"{ident}.unknown", params, (field,))
    status = MET if years >= needed else NOT_MET
    return Condition(ident, status, citation, f"{ident}.{status}", params)


def salary_threshold(
    s: Situation, threshold: Decimal, year: int, citation: str, ident: str = "salary_threshold"
) -> Condition:
    """The annual gross salary reaches `threshold` (>=, to the cent)."""
    salary = s.salary
    params = {"salary": salary, "threshold": threshold, "year": year}
    high = reach(salary, threshold)
    if high is None:
        return Condition(ident, UNKNOWN, citation, "salary.unknown", params, (F_SALARY,))
    if high is True:
        return Condition(ident, MET, citation, "salary.met", params)
    if high is False:
        return Condition(ident, NOT_MET, citation, "salary.not_met", params)
    return Condition(
        ident, PENDING, citation, "salary.provisional", params, (), (), unpublished(threshold)
    )


def in_force_rule(ident: str, citation: str, message: str):
    """Findings for a route that exists only from, or only until, a date (a dated flag parameter)."""
    return {
        True: fixed(ident, citation, f"{message}.met", MET),
        False: fixed(ident, citation, f"{message}.not_met", NOT_MET),
    }
