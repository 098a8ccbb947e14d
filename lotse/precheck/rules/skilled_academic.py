"""§ 18b AufenthG: skilled worker with a degree (Fachkraft mit akademischer Ausbildung)."""

from __future__ import annotations

from lotse.precheck.findings import Variant
from lotse.precheck.parameters import ParameterSet
from lotse.precheck.rules.common import (
    academic_qualification,
    age_rule,
    job_offer,
    matches_qualification_rule,
    professional_licence,
    qualified_employment_rule,
)
from lotse.precheck.situation import Situation

ID = "18b"
TITLE = "§ 18b AufenthG"
AGE_CITATION = "§ 18 Abs. 2 Nr. 5 AufenthG"

qualified_employment = qualified_employment_rule("§ 18b AufenthG")
matches_qualification_before_reform = matches_qualification_rule("§ 18b Abs. 1 AufenthG a. F.")


def evaluate(s: Situation, p: ParameterSet) -> tuple[Variant, ...]:
    """§ 18b AufenthG with § 18 Abs. 2 AufenthG: offer, qualified job, degree, licence, age.

    No salary floor below 45 and no German requirement. Before 18 Nov 2023 the job had to be one
    the qualification enables (§ 18b Abs. 1 AufenthG a. F.).
    """
    conditions = [job_offer(s), qualified_employment(s)]
    if not p.skilled_worker_any_qualified_employment:
        conditions.append(matches_qualification_before_reform(s))
    conditions += [
        academic_qualification(s),
        professional_licence(s),
        age_rule(s, p, AGE_CITATION),
    ]
    return (Variant(ID, tuple(conditions)),)
