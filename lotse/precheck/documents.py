"""The mandatory documents per pathway and variant, and which of them a case still lacks.

Source: examples/README.md § 4 (rows of domain/documents.md). Every pathway needs the § 81a
documents (passport, power of attorney, contract, German CV); each variant adds its own. A pathway's
list follows the variant through which it is open (for an undecided pathway: a variant not closed);
where several qualify, the one needing fewer documents decides, on a tie the first listed.
"""

from __future__ import annotations

from lotse.precheck.findings import Variant
from lotse.precheck.parameters import ParameterSet
from lotse.precheck.rules import blue_card, experience_route, recognition_measures
from lotse.precheck.rules.common import RECOGNITION_UNDECIDED, reach
from lotse.precheck.situation import Situation

BASE = ("passport", "power_of_attorney", "employment_contract", "cv_german")
DECLARATION = "employment_declaration"  # stands for BA consent (D08)
CERTIFICATE = "qualification_certificate"
EXPERIENCE = "experience_proof"


def _recognition_outstanding(s: Situation) -> bool:
    """The equivalence decision is still to come: the application's documents are asked for.

    § 5 BQFG: certificate and subjects-and-hours overview (transcript) instead of the notice the
    procedure will produce. examples/README.md § 4 applies this to 18a and 16d Abs. 1 only.
    """
    return s.recognition in RECOGNITION_UNDECIDED


def _licence(s: Situation) -> tuple[str, ...]:
    """§ 18 Abs. 2 Nr. 3 AufenthG: a granted or assured licence is proven; an outstanding one not yet."""
    return ("professional_licence",) if s.regulated is True and s.licence is True else ()


def _pension(s: Situation, p: ParameterSet) -> tuple[str, ...]:
    """§ 18 Abs. 2 Nr. 5 AufenthG: at 45+ below 55 % of the BBG, old-age provision is proven."""
    if (
        s.first_title is True
        and s.age_reached is True
        and reach(s.salary, p.age_rule_salary) is False
    ):
        return ("pension_provision_proof",)
    return ()


def _degree_proof(s: Situation) -> tuple[str, ...]:
    """anabin / ZAB for a comparable degree, the equivalence notice for a recognised one.

    examples/README.md § 4: 18b and 18g Abs. 1 keep `degree_comparability` unless the degree is
    recognised through `recognition: full` rather than `zab_comparable`; an outstanding
    equivalence decision does not change the list (no transcript for 18b / 18g).
    """
    if s.zab is not True and s.recognition == "full":
        return ("equivalence_notice",)
    return ("degree_comparability",)


def _state_recognition_proof(s: Situation) -> str:
    """ZAB DAB for a vocational qualification; anabin / ZAB for a degree (documents.md 2a)."""
    return "degree_comparability" if s.level == "academic" else "state_recognition_proof"


def _collective_agreement(s: Situation, p: ParameterSet) -> tuple[str, ...]:
    """§ 6 Abs. 1 S. 2 BeschV: below 45 % of the BBG only through the tariff-bound employer."""
    salary_ok = reach(s.salary, p.experience_route_salary) if p.experience_route_salary else None
    if salary_ok is not True and s.tariff is True:
        return ("collective_agreement_proof",)
    return ()


def required(pathway: str, variant: str, s: Situation, p: ParameterSet) -> frozenset[str]:
    """The mandatory document ids of one pathway variant for this case."""
    if pathway == "16d":
        if variant == recognition_measures.MEASURE:
            notice = (
                ("transcript",)
                if _recognition_outstanding(s)
                else ("deficit_notice", "qualification_measure_plan")
            )
            extra = (DECLARATION, CERTIFICATE, *notice, "language_certificate")
        else:
            extra = (
                DECLARATION,
                CERTIFICATE,
                _state_recognition_proof(s),
                "language_certificate",
                "recognition_partnership_agreement",
            )
    elif pathway == "18a":
        notice = ("transcript",) if _recognition_outstanding(s) else ("equivalence_notice",)
        extra = (DECLARATION, CERTIFICATE, *notice, *_licence(s), *_pension(s, p))
    elif pathway == "18b":
        extra = (DECLARATION, CERTIFICATE, *_degree_proof(s), *_licence(s), *_pension(s, p))
    elif pathway == "18g":
        if variant == blue_card.STANDARD:
            extra = (CERTIFICATE, *_degree_proof(s), *_licence(s))
        elif variant == blue_card.REDUCED:
            extra = (DECLARATION, CERTIFICATE, *_degree_proof(s), *_licence(s))
        else:
            extra = (DECLARATION, EXPERIENCE, *_licence(s))
    elif pathway == "19c2":
        if variant == experience_route.OLD_IT:
            # § 6 BeschV a. F.: no tariff exemption and no age-45 rule; German (B1) is proven
            # unless the authority waives it in a justified individual case (S. 3)
            extra = (DECLARATION, EXPERIENCE, "language_certificate")
        else:
            common = (DECLARATION, EXPERIENCE, *_collective_agreement(s, p), *_pension(s, p))
            if variant == experience_route.FORMAL:
                extra = (*common, CERTIFICATE, _state_recognition_proof(s))
            else:
                extra = common
    else:
        raise ValueError(f"unknown pathway {pathway!r}")
    return frozenset(BASE + extra)


def choose(
    pathway: str, variants: tuple[Variant, ...], open_: bool | None, s: Situation, p: ParameterSet
) -> tuple[str, frozenset[str]] | None:
    """The variant whose list applies and that list; None for a closed pathway."""
    if open_ is False:
        return None
    wanted = True if open_ else None
    best = None
    for variant in variants:
        if variant.open is wanted:
            needed = required(pathway, variant.id, s, p)
            if best is None or len(needed) < len(best[1]):
                best = (variant.id, needed)
    return best


def missing(
    checklist: dict[str, tuple[str, frozenset[str]]], supplied: frozenset[str]
) -> dict[str, object]:
    """Per pathway not closed, the mandatory ids not supplied; complete when one lacks none."""
    lacking = {pid: sorted(needed - supplied) for pid, (_variant, needed) in checklist.items()}
    complete = any(not ids for ids in lacking.values())
    return {"complete": complete, "missing": lacking}
