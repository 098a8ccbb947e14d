"""§ 19c Abs. 2 AufenthG with § 6 BeschV: qualified employment with pronounced practical knowledge.

In force from 1 Mar 2024. The old § 6 BeschV (until 29 Feb 2024: IT specialists without degree,
60 % of the BBG) is not modelled: before 1 Mar 2024 the pathway is closed by its `in_force`
condition. Two variants: a formal qualification state-recognised abroad (§ 6 Abs. 1 S. 1 Nr. 3
BeschV) and the ICT provision, which waives the formal qualification for IT specialists.
"""

from __future__ import annotations

from lotse.precheck.findings import MET, NOT_MET, UNKNOWN, Condition, Variant, fixed, tri
from lotse.precheck.parameters import ParameterSet
from lotse.precheck.rules.common import (
    F_IT,
    F_REGULATED,
    F_SALARY,
    F_TARIFF,
    F_YEARS_5,
    age_rule,
    combine_any,
    in_force_rule,
    job_offer,
    qualified_employment_rule,
    reach,
    state_recognised_qualification,
)
from lotse.precheck.situation import Situation

ID = "19c2"
TITLE = "§ 19c Abs. 2 AufenthG mit § 6 BeschV"
FORMAL, ICT = "formal_qualification", "ict"
BESCHV_6 = "§ 6 Abs. 1 S. 1 BeschV"
EXPERIENCE_CITATION = "§ 6 Abs. 1 S. 1 Nr. 1 BeschV"
SALARY_CITATION = "§ 6 Abs. 1 S. 1 Nr. 2, S. 2 BeschV"
QUALIFICATION_CITATION = "§ 6 Abs. 1 S. 1 Nr. 3 BeschV"
ICT_CITATION = "§ 6 BeschV (IKT-Fachkräfte ohne Berufsabschluss)"
AGE_CITATION = "§ 18 Abs. 2 Nr. 5 AufenthG, § 1 Abs. 2 BeschV"

IN_FORCE = in_force_rule(
    "in_force", "§ 19c Abs. 2 AufenthG, § 6 BeschV", "in_force.experience_route"
)
qualified_employment = qualified_employment_rule("§ 19c Abs. 2 AufenthG")
NON_REGULATED = {
    False: fixed("non_regulated_occupation", BESCHV_6, "non_regulated.met", MET),
    True: fixed("non_regulated_occupation", BESCHV_6, "non_regulated.not_met", NOT_MET),
    None: fixed(
        "non_regulated_occupation", BESCHV_6, "non_regulated.unknown", UNKNOWN, F_REGULATED
    ),
}
ICT_OCCUPATION = tri("it_specialist", ICT_CITATION, F_IT, "it_specialist")


def non_regulated_occupation(s: Situation) -> Condition:
    """The job is in a non-regulated occupation (§ 6 Abs. 1 S. 1 BeschV)."""
    return NON_REGULATED[s.regulated]


def experience(s: Situation, p: ParameterSet) -> Condition:
    """At least two years of experience within the last five years (§ 6 Abs. 1 S. 1 Nr. 1 BeschV)."""
    years, needed = s.years_last_5, p.experience_route_experience_years
    params = {"years": years, "needed": needed}
    if years is None:
        return Condition(
            "experience", UNKNOWN, EXPERIENCE_CITATION, "experience.unknown", params, (F_YEARS_5,)
        )
    status = MET if years >= needed else NOT_MET
    return Condition("experience", status, EXPERIENCE_CITATION, f"experience.{status}", params)


def salary_or_collective_agreement(s: Situation, p: ParameterSet) -> Condition:
    """Salary of at least 45 % of the BBG, or an employer bound by a collective agreement.

    § 6 Abs. 1 S. 1 Nr. 2 BeschV; S. 2: the threshold does not apply where the employer is bound
    by a collective agreement and pays its rates.
    """
    threshold = p.experience_route_salary
    params = {"salary": s.salary, "threshold": threshold, "year": p.bbg_year}
    high = reach(s.salary, threshold)
    ident = "salary_threshold"
    if high:
        return Condition(ident, MET, SALARY_CITATION, "salary.met", params)
    if s.tariff is True:
        return Condition(
            ident, MET, SALARY_CITATION, "experience_salary.collective_agreement", params
        )
    status, fields = combine_any([(high, F_SALARY), (s.tariff, F_TARIFF)])
    message = "experience_salary.not_met" if status is NOT_MET else "experience_salary.unknown"
    return Condition(ident, status, SALARY_CITATION, message, params, fields)


def evaluate(s: Situation, p: ParameterSet) -> tuple[Variant, ...]:
    """Both variants of § 19c Abs. 2 AufenthG with § 6 BeschV, including the age-45 rule."""
    if not p.experience_route_in_force:
        closed = (IN_FORCE[False],)
        return (Variant(FORMAL, closed), Variant(ICT, closed))
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
    )
