"""§ 19c Abs. 2 AufenthG with § 6 BeschV: qualified employment with pronounced practical knowledge.

From 1 Mar 2024 two variants: a formal qualification state-recognised abroad (§ 6 Abs. 1 S. 1 Nr. 3
BeschV) and the ICT provision, which waives the formal qualification for IT specialists; before
that day both are closed by their `in_force` condition. Until 29 Feb 2024 a third variant, the old
§ 6 BeschV, applied: IT specialists without a degree with three years of IT experience within
seven years and 60 % of the BBG, without the age-45 rule (§ 1 Abs. 2 BeschV reaches § 6 BeschV
only from 1 Mar 2024); from 1 Mar 2024 it is closed by its own `in_force` condition. The
variants in force on the reference date come first.
"""

from __future__ import annotations

from lotse.precheck.findings import (
    MET,
    NOT_MET,
    PENDING,
    UNKNOWN,
    Condition,
    Variant,
    fixed,
    tri,
)
from lotse.precheck.parameters import ParameterSet
from lotse.precheck.rules.common import (
    F_IT,
    F_IT_YEARS_7,
    F_REGULATED,
    F_SALARY,
    F_TARIFF,
    F_YEARS_5,
    JUSTIFIED_CASE,
    PROVISIONAL,
    age_rule,
    combine_any,
    german_level,
    in_force_rule,
    job_offer,
    qualified_employment_rule,
    reach,
    salary_threshold,
    state_recognised_qualification,
    unpublished,
    years_of_experience,
)
from lotse.precheck.situation import Situation

ID = "19c2"
TITLE = "§ 19c Abs. 2 AufenthG mit § 6 BeschV"
FORMAL, ICT = "formal_qualification", "ict"
OLD_IT = "old_it_until_2024_02_29"
BESCHV_6 = "§ 6 Abs. 1 S. 1 BeschV"
EXPERIENCE_CITATION = "§ 6 Abs. 1 S. 1 Nr. 1 BeschV"
SALARY_CITATION = "§ 6 Abs. 1 S. 1 Nr. 2, S. 2 BeschV"
QUALIFICATION_CITATION = "§ 6 Abs. 1 S. 1 Nr. 3 BeschV"
ICT_CITATION = "§ 6 BeschV (IKT-Fachkräfte ohne Berufsabschluss)"
AGE_CITATION = "§ 18 Abs. 2 Nr. 5 AufenthG, § 1 Abs. 2 BeschV"
OLD_BESCHV_6 = "§ 6 BeschV a. F."
# § 6 S. 1 BeschV a. F. ("über ausreichende deutsche Sprachkenntnisse verfügt", B1 by § 2 Abs. 11
# AufenthG), S. 3 ("Im begründeten Einzelfall kann auf den Nachweis deutscher Sprachkenntnisse
# verzichtet werden"); wording in force until 29 Feb 2024, replaced by Art. 2 of the Verordnung
# vom 30.08.2023 (BGBl. 2023 I Nr. 233) from 1 Mar 2024.
OLD_GERMAN_CITATION = "§ 6 S. 1, 3 BeschV a. F., § 2 Abs. 11 AufenthG"

IN_FORCE = in_force_rule(
    "in_force", "§ 19c Abs. 2 AufenthG, § 6 BeschV", "in_force.experience_route"
)
OLD_IN_FORCE = in_force_rule(
    "in_force", "§ 19c Abs. 2 AufenthG, § 6 BeschV a. F.", "in_force.old_it_route"
)
qualified_employment = qualified_employment_rule("§ 19c Abs. 2 AufenthG")
ICT_OCCUPATION = tri("it_specialist", ICT_CITATION, F_IT, "it_specialist")
OLD_IT_OCCUPATION = tri("it_specialist", OLD_BESCHV_6, F_IT, "it_specialist")


def non_regulated_findings(citation: str) -> dict[bool | None, Condition]:
    """The findings of "the occupation is not regulated" under `citation` (regulated: not met)."""
    ident = "non_regulated_occupation"
    return {
        False: fixed(ident, citation, "non_regulated.met", MET),
        True: fixed(ident, citation, "non_regulated.not_met", NOT_MET),
        None: fixed(ident, citation, "non_regulated.unknown", UNKNOWN, F_REGULATED),
    }


NON_REGULATED = non_regulated_findings(BESCHV_6)
OLD_NON_REGULATED = non_regulated_findings(OLD_BESCHV_6)


def non_regulated_occupation(s: Situation) -> Condition:
    """The job is in a non-regulated occupation (§ 6 Abs. 1 S. 1 BeschV)."""
    return NON_REGULATED[s.regulated]


def old_non_regulated_occupation(s: Situation) -> Condition:
    """The job is in a non-regulated occupation (old IT route, § 6 BeschV a. F.)."""
    return OLD_NON_REGULATED[s.regulated]


def old_it_experience(s: Situation, p: ParameterSet) -> Condition:
    """At least three years of IT experience within the last seven years (§ 6 BeschV a. F.)."""
    needed = p.experience_route_old_it_experience_years
    return years_of_experience(
        "it_experience", s.it_years_last_7, needed, OLD_BESCHV_6, F_IT_YEARS_7
    )


def old_it_salary(s: Situation, p: ParameterSet) -> Condition:
    """Annual gross salary of at least 60 % of the BBG (§ 6 BeschV a. F.), to the cent."""
    return salary_threshold(s, p.experience_route_old_it_salary, p.bbg_year, OLD_BESCHV_6)


def old_it_route(s: Situation, p: ParameterSet) -> Variant:
    """IT specialists without a degree under § 6 BeschV a. F. (until 29 Feb 2024).

    § 19c Abs. 2 AufenthG: job offer, qualified employment as an IT specialist, three years of IT
    experience within seven years, 60 % of the BBG, a non-regulated occupation, and sufficient
    German (B1), waivable only in a justified individual case, which the authority decides. No age-45 rule:
    § 1 Abs. 2 BeschV extends it to § 6 BeschV only from 1 Mar 2024.
    """
    if not p.experience_route_old_it_route:
        return Variant(OLD_IT, (OLD_IN_FORCE[False],))
    return Variant(
        OLD_IT,
        (
            OLD_IN_FORCE[True],
            job_offer(s),
            qualified_employment(s),
            OLD_IT_OCCUPATION[s.it],
            old_it_experience(s, p),
            old_it_salary(s, p),
            old_non_regulated_occupation(s),
            german_level(
                s, p.experience_route_old_it_german_level, OLD_GERMAN_CITATION, JUSTIFIED_CASE
            ),
        ),
    )


def experience(s: Situation, p: ParameterSet) -> Condition:
    """At least two years of experience within the last five years (§ 6 Abs. 1 S. 1 Nr. 1 BeschV)."""
    needed = p.experience_route_experience_years
    return years_of_experience("experience", s.years_last_5, needed, EXPERIENCE_CITATION, F_YEARS_5)


def salary_or_collective_agreement(s: Situation, p: ParameterSet) -> Condition:
    """Salary of at least 45 % of the BBG, or an employer bound by a collective agreement.

    § 6 Abs. 1 S. 1 Nr. 2 BeschV; S. 2: the threshold does not apply where the employer is bound
    by a collective agreement and pays its rates.
    """
    threshold = p.experience_route_salary
    params = {"salary": s.salary, "threshold": threshold, "year": p.bbg_year}
    high = reach(s.salary, threshold)
    ident = "salary_threshold"
    if high is True:
        return Condition(ident, MET, SALARY_CITATION, "salary.met", params)
    if s.tariff is True:
        return Condition(
            ident, MET, SALARY_CITATION, "experience_salary.collective_agreement", params
        )
    if high == PROVISIONAL:
        fields = (F_TARIFF,) if s.tariff is None else ()
        status = UNKNOWN if fields else PENDING
        return Condition(
            ident,
            status,
            SALARY_CITATION,
            "salary.provisional",
            params,
            fields,
            (),
            unpublished(threshold),
        )
    status, fields = combine_any([(high, F_SALARY), (s.tariff, F_TARIFF)])
    message = "experience_salary.not_met" if status is NOT_MET else "experience_salary.unknown"
    return Condition(ident, status, SALARY_CITATION, message, params, fields)


def evaluate(s: Situation, p: ParameterSet) -> tuple[Variant, ...]:
    """The variants of § 19c Abs. 2 AufenthG with § 6 BeschV; those in force first.

    From 1 Mar 2024: the formal and ICT variants with the age-45 rule, then the closed old IT
    route. Until 29 Feb 2024: the old IT route, then the two closed current variants.
    """
    old = old_it_route(s, p)
    if not p.experience_route_in_force:
        closed = (IN_FORCE[False],)
        return (old, Variant(FORMAL, closed), Variant(ICT, closed))
    shared = (
        IN_FORCE[True],
        job_offer(s),
        qualified_employment(s),
        non_regulated_occupation(s),
        experience(s, p),
        salary_or_collective_agreement(s, p),
        age_rule(s, p, AGE_CITATION),
    )
    return (
        Variant(FORMAL, (*shared, state_recognised_qualification(s, QUALIFICATION_CITATION))),
        Variant(ICT, (*shared, ICT_OCCUPATION[s.it])),
        old,
    )
