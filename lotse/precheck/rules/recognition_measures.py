"""§ 16d AufenthG: residence for the recognition of a foreign professional qualification.

Abs. 1: a qualification measure after a partial-equivalence notice (Defizitbescheid).
Abs. 3: a recognition partnership (Anerkennungspartnerschaft, from 1 Mar 2024, with § 2a BeschV);
a refused recognition closes it.
Neither the licence rule (§ 18 Abs. 2 Nr. 3) nor the age-45 rule applies: § 16d serves to obtain
recognition and licence, and § 18 Abs. 2 governs titles for employment under §§ 18a ff.
"""

from __future__ import annotations

from lotse.precheck.findings import (
    MET,
    NOT_MET,
    OUTSTANDING,
    STEP_RECOGNITION,
    UNKNOWN,
    Condition,
    Variant,
    fixed,
    tri,
)
from lotse.precheck.parameters import ParameterSet
from lotse.precheck.rules.common import (
    ATYPICAL_CASE,
    F_LEVEL,
    F_OFFER,
    F_PARTNERSHIP,
    F_RECOGNITION,
    equivalence_route,
    german_level,
    in_force_rule,
    qualified_employment_rule,
    state_recognised_qualification,
)
from lotse.precheck.situation import Situation

ID = "16d"
TITLE = "§ 16d AufenthG"
MEASURE, PARTNERSHIP = "abs1_measure", "abs3_partnership"
ABS1 = "§ 16d Abs. 1 S. 1 AufenthG"
ABS1_GERMAN = "§ 16d Abs. 1 S. 2 Nr. 1 AufenthG"
ABS3 = "§ 16d Abs. 3 S. 1 AufenthG"

# § 81a Abs. 1 AufenthG: the accelerated procedure is the employer's, so an offer is needed.
EMPLOYER_OFFER = tri("job_offer", "§ 81a Abs. 1 AufenthG", F_OFFER, "job_offer")
PARTNERSHIP_OFFER = tri("job_offer", ABS3, F_OFFER, "job_offer")
PARTNERSHIP_AGREEMENT = tri("partnership_agreement", ABS3, F_PARTNERSHIP, "partnership")
PARTNERSHIP_IN_FORCE = in_force_rule("in_force", ABS3, "in_force.recognition_partnership")
qualified_employment_abs3 = qualified_employment_rule(ABS3)

PARTNERSHIP_CITATION = "§ 16d Abs. 3 AufenthG"
# § 16d Abs. 3 AufenthG with § 2a BeschV: in a regulated profession the partnership allows work
# that does not need the licence to practise (e.g. helper work until the licence is granted).
LICENCE_NOTE = (
    fixed(
        "licence_during_partnership",
        "§ 16d Abs. 3 AufenthG, § 2a BeschV",
        "partnership.regulated_note",
        MET,
    ),
)
RECOGNITION_REFUSED = fixed(
    "recognition_not_refused", PARTNERSHIP_CITATION, "partnership_recognition.refused", NOT_MET
)
RECOGNITION_NOT_REFUSED = fixed(
    "recognition_not_refused", PARTNERSHIP_CITATION, "partnership_recognition.not_refused", MET
)
RECOGNITION_NOT_STATED = fixed(
    "recognition_not_refused", PARTNERSHIP_CITATION, "partnership_recognition.not_stated", MET
)

PARTIAL_MET = fixed("partial_equivalence", ABS1, "partial.met", MET)
PARTIAL_NO_QUALIFICATION = fixed("partial_equivalence", ABS1, "partial.no_qualification", NOT_MET)
PARTIAL_FULL = fixed("partial_equivalence", ABS1, "partial.full", NOT_MET)
PARTIAL_REFUSED = fixed("partial_equivalence", ABS1, "partial.refused", NOT_MET)
PARTIAL_NO_PROCEDURE = fixed("partial_equivalence", ABS1, "partial.no_procedure", NOT_MET)
PARTIAL_NOT_STATE_RECOGNISED = fixed(
    "partial_equivalence", ABS1, "partial.not_state_recognised", NOT_MET
)
PARTIAL_UNKNOWN = fixed("partial_equivalence", ABS1, "partial.unknown", UNKNOWN, F_RECOGNITION)
PARTIAL_OUTSTANDING = Condition(
    "partial_equivalence", OUTSTANDING, ABS1, "partial.outstanding", steps=(STEP_RECOGNITION,)
)


def partial_equivalence(s: Situation) -> Condition:
    """A recognition body found partial equivalence with measures to close the gaps.

    § 16d Abs. 1 S. 1 AufenthG (Defizitbescheid). A qualification with an equivalence procedure
    (vocational, or a degree for a regulated profession) still waiting for its decision is
    outstanding: the notice may follow in the procedure (§ 81a Abs. 3 S. 2 AufenthG).
    """
    recognition = s.recognition
    if recognition == "partial":
        return PARTIAL_MET
    level = s.level
    if level == "none":
        return PARTIAL_NO_QUALIFICATION
    if recognition == "full":
        return PARTIAL_FULL
    if recognition == "refused":
        return PARTIAL_REFUSED
    if recognition is None:
        return PARTIAL_UNKNOWN
    # here recognition is `none` or `pending` (RECOGNITION_UNDECIDED): the decision is to come
    if level == "vocational":
        procedure = True
    elif level == "academic":
        procedure = s.regulated
    else:
        procedure = None
    status, fields, _steps = equivalence_route(s, procedure)
    if status is OUTSTANDING:
        return PARTIAL_OUTSTANDING
    if status is NOT_MET:
        return PARTIAL_NO_PROCEDURE if procedure is False else PARTIAL_NOT_STATE_RECOGNISED
    return Condition(
        "partial_equivalence", UNKNOWN, ABS1, "partial.unknown", None, fields or (F_LEVEL,)
    )


def recognition_not_refused(s: Situation) -> Condition:
    """The recognition has not been refused (§ 16d Abs. 3 AufenthG).

    A partnership exists to carry out the recognition procedure in Germany; a refusal has already
    ended that procedure. Only `refused` closes the variant: `none`, `pending`, `partial` and `full`
    do not, and an unstated recognition is not asked for here (no refusal is stated).
    """
    recognition = s.recognition
    if recognition == "refused":
        return RECOGNITION_REFUSED
    if recognition is None:
        return RECOGNITION_NOT_STATED
    return RECOGNITION_NOT_REFUSED


def evaluate(s: Situation, p: ParameterSet) -> tuple[Variant, ...]:
    """§ 16d Abs. 1 (measure) and Abs. 3 (partnership); open when one of them is."""
    # "in der Regel mindestens hinreichende deutsche Sprachkenntnisse": as a rule, an atypical
    # case aside, which the authority decides (see common.german_level)
    german_abs1 = german_level(s, p.recognition_measure_german_level, ABS1_GERMAN, ATYPICAL_CASE)
    measure = Variant(MEASURE, (EMPLOYER_OFFER[s.offer], partial_equivalence(s), german_abs1))
    if not p.recognition_partnership_in_force:
        return (measure, Variant(PARTNERSHIP, (PARTNERSHIP_IN_FORCE[False],)))
    partnership = Variant(
        PARTNERSHIP,
        (
            PARTNERSHIP_IN_FORCE[True],
            PARTNERSHIP_AGREEMENT[s.partnership],
            PARTNERSHIP_OFFER[s.offer],
            qualified_employment_abs3(s),
            state_recognised_qualification(s, ABS3),
            recognition_not_refused(s),
            german_level(s, p.recognition_partnership_german_level, ABS3),
        ),
        LICENCE_NOTE if s.regulated is True else (),
    )
    return (measure, partnership)
