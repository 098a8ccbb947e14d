"""§ 18a AufenthG: skilled worker with vocational training (Fachkraft mit Berufsausbildung)."""

from __future__ import annotations

from lotse.precheck.findings import (
    MET,
    NOT_MET,
    OUTSTANDING,
    STEP_RECOGNITION,
    Condition,
    Variant,
    fixed,
)
from lotse.precheck.parameters import ParameterSet
from lotse.precheck.rules.common import (
    F_LEVEL,
    F_RECOGNITION,
    RECOGNITION_UNDECIDED,
    UNKNOWN,
    age_rule,
    equivalence_route,
    job_offer,
    matches_qualification_rule,
    professional_licence,
    qualified_employment_rule,
)
from lotse.precheck.situation import Situation

ID = "18a"
TITLE = "§ 18a AufenthG"
CITATION = "§ 18 Abs. 2 Nr. 4, Abs. 3 Nr. 1 AufenthG"
AGE_CITATION = "§ 18 Abs. 2 Nr. 5 AufenthG"

qualified_employment = qualified_employment_rule("§ 18a AufenthG")
matches_qualification_before_reform = matches_qualification_rule("§ 18a AufenthG a. F.")


def _finding(message: str, status: str, fields: tuple = (), steps: tuple = ()) -> Condition:
    return Condition("vocational_equivalence", status, CITATION, message, None, fields, steps)


LEVEL_UNKNOWN = _finding("vocational.unknown", UNKNOWN, (F_LEVEL,))
RECOGNITION_UNKNOWN = _finding("vocational.unknown", UNKNOWN, (F_RECOGNITION,))
NO_QUALIFICATION = fixed("vocational_equivalence", CITATION, "vocational.no_qualification", NOT_MET)
ACADEMIC = fixed("vocational_equivalence", CITATION, "vocational.academic", NOT_MET)
FULL = fixed("vocational_equivalence", CITATION, "vocational.met", MET)
PARTIAL = fixed("vocational_equivalence", CITATION, "vocational.partial", NOT_MET)
REFUSED = fixed("vocational_equivalence", CITATION, "vocational.refused", NOT_MET)
NOT_STATE_RECOGNISED = fixed(
    "vocational_equivalence", CITATION, "vocational.not_state_recognised", NOT_MET
)
OUTSTANDING_DECISION = _finding("vocational.outstanding", OUTSTANDING, (), (STEP_RECOGNITION,))


def vocational_equivalence(s: Situation) -> Condition:
    """A foreign vocational qualification found fully equivalent (Gleichwertigkeitsbescheid).

    § 18 Abs. 3 Nr. 1, Abs. 2 Nr. 4 AufenthG. § 18a is for vocational qualifications; a degree
    goes to § 18b. While the decision is not applied for or pending, the § 81a procedure obtains
    it (§ 81a Abs. 3 AufenthG, § 14a BQFG) for a qualification state-recognised abroad.
    """
    level = s.level
    if level == "none":
        return NO_QUALIFICATION
    if level == "academic":
        return ACADEMIC
    recognition = s.recognition
    if recognition == "partial":
        return PARTIAL
    if recognition == "refused":
        return REFUSED
    if level is None:
        return LEVEL_UNKNOWN
    if recognition == "full":
        return FULL
    if recognition is None:
        return RECOGNITION_UNKNOWN
    if recognition in RECOGNITION_UNDECIDED:
        status, fields, steps = equivalence_route(s, True)
        if status is NOT_MET:
            return NOT_STATE_RECOGNISED
        if status is OUTSTANDING:
            return OUTSTANDING_DECISION
        return _finding("vocational.unknown", UNKNOWN, fields)
    raise ValueError(f"unexpected recognition {recognition!r}")


def evaluate(s: Situation, p: ParameterSet) -> tuple[Variant, ...]:
    """§ 18a AufenthG with § 18 Abs. 2 AufenthG: offer, qualified job, equivalence, licence, age."""
    conditions = [job_offer(s), qualified_employment(s)]
    if not p.skilled_worker_any_qualified_employment:
        conditions.append(matches_qualification_before_reform(s))
    conditions += [vocational_equivalence(s), professional_licence(s), age_rule(s, p, AGE_CITATION)]
    return (Variant(ID, tuple(conditions)),)
