"""§ 18g AufenthG: EU Blue Card (until 17 Nov 2023: § 18b Abs. 2 AufenthG a. F.).

Three variants: Abs. 1 at the standard threshold (no BA consent), Abs. 1 at the reduced threshold
(shortage occupations, graduates of the last three years; BA consent) and Abs. 2 (IT specialists
without a degree). The age-45 rule of § 18 Abs. 2 Nr. 5 AufenthG does not apply to the Blue Card.
"""

from __future__ import annotations

from lotse.precheck.findings import MET, NOT_MET, Condition, Variant, tri
from lotse.precheck.parameters import ParameterSet
from lotse.precheck.rules.common import (
    F_GRADUATION,
    F_IT,
    F_IT_YEARS_7,
    F_SHORTAGE,
    academic_qualification,
    combine_any,
    in_force_rule,
    job_offer,
    matches_qualification_rule,
    professional_licence,
    qualified_employment_rule,
    salary_threshold,
    years_of_experience,
)
from lotse.precheck.situation import Situation, last_day_within, years_before

ID = "18g"
TITLE = "§ 18g AufenthG"
STANDARD, REDUCED, IT_SPECIALIST = "abs1_standard", "abs1_reduced", "abs2_it"
ABS1 = "§ 18g Abs. 1 S. 1 AufenthG"
ABS2 = "§ 18g Abs. 2 AufenthG"

qualified_employment_abs1 = qualified_employment_rule(ABS1)
qualified_employment_abs2 = qualified_employment_rule(ABS2)
matches_qualification = matches_qualification_rule(ABS1)
IT_ROUTE = in_force_rule("in_force", ABS2, "in_force.blue_card_it")
IT_OCCUPATION = tri("it_specialist", ABS2, F_IT, "it_specialist")


def reduced_threshold_group(s: Situation, p: ParameterSet) -> Condition:
    """The reduced threshold applies: a shortage occupation or a degree of the last three years.

    § 18g Abs. 1 S. 2 Nr. 1 (ISCO-08 groups 132, 133, 134, 21, 221, 222, 225, 226, 23, 25) and Nr. 2
    AufenthG (degree obtained within three years before the reference date: on or after the same
    calendar day three years earlier, 1 March for a reference date of 29 February, §§ 187 Abs. 1,
    188 Abs. 2, 3 BGB). Before 18 Nov 2023 (§ 18b Abs. 2 S. 2 a. F.) shortage only.
    """
    citation = p.citations["blue_card.reduced"]
    years = p.blue_card_young_professional_years
    params = {"years": years}
    if s.shortage is True:
        return Condition("reduced_threshold_group", MET, citation, "reduced_group.shortage", params)
    if p.blue_card_young_professional_route:
        graduated = s.graduation_date
        young = None if graduated is None else graduated >= years_before(s.day, years)
    else:
        young = False
    if young:
        params["graduation_date"] = s.graduation_date
        message = "reduced_group.young_professional"
        # § 18g Abs. 1 S. 2 Nr. 2 counts to the application, for which the reference date stands:
        # if the three years run out before the decisive day, a later application loses it
        until = last_day_within(s.graduation_date, years)
        if until < s.decisive_day:
            params["until"] = until
            message = "reduced_group.young_professional_ends"
        return Condition("reduced_threshold_group", MET, citation, message, params)
    status, fields = combine_any([(s.shortage, F_SHORTAGE), (young, F_GRADUATION)])
    message = "reduced_group.not_met" if status is NOT_MET else "reduced_group.unknown"
    if not p.blue_card_young_professional_route:
        message += "_before_reform"
    return Condition("reduced_threshold_group", status, citation, message, params, fields)


def it_experience(s: Situation, p: ParameterSet) -> Condition:
    """At least three years of IT experience within the last seven years (§ 18g Abs. 2 AufenthG)."""
    needed = p.blue_card_it_experience_years
    return years_of_experience("it_experience", s.it_years_last_7, needed, ABS2, F_IT_YEARS_7)


def evaluate(s: Situation, p: ParameterSet) -> tuple[Variant, ...]:
    """The three Blue Card variants; the pathway is open when one of them is."""
    offer = job_offer(s)
    licence = professional_licence(s)
    qualified = qualified_employment_abs1(s)
    matches = matches_qualification(s)
    degree = academic_qualification(s)
    standard = salary_threshold(
        s, p.blue_card_standard, p.bbg_year, p.citations["blue_card.standard"]
    )
    reduced = salary_threshold(s, p.blue_card_reduced, p.bbg_year, p.citations["blue_card.reduced"])
    variants = [
        Variant(STANDARD, (offer, qualified, matches, degree, licence, standard)),
        Variant(
            REDUCED,
            (offer, qualified, matches, degree, licence, reduced_threshold_group(s, p), reduced),
        ),
    ]
    if p.blue_card_it_specialist_route:
        variants.append(
            Variant(
                IT_SPECIALIST,
                (
                    IT_ROUTE[True],
                    offer,
                    qualified_employment_abs2(s),
                    IT_OCCUPATION[s.it],
                    it_experience(s, p),
                    licence,
                    salary_threshold(s, p.blue_card_reduced, p.bbg_year, ABS2),
                ),
            )
        )
    else:
        variants.append(Variant(IT_SPECIALIST, (IT_ROUTE[False],)))
    return tuple(variants)
