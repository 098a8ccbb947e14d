"""What a document is: the pre-check's document ids, the family's documents, and translations.

The pre-check's ids (`lotse.precheck.model.DocumentId`) are the checklist's own words, so an
uploaded passport ticks the same box the rule asks for. Family members' documents follow
`§ 81a Abs. 4 AufenthG` practice (domain/documents.md § 5). A translation names the document it
translates.
"""

from __future__ import annotations

import typing

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.precheck.model import DocumentId

PRECHECK_LABELS = {
    "passport": _("Passport (data page)"),
    "power_of_attorney": _("Power of attorney for the employer"),
    "employment_contract": _("Employment contract or concrete job offer"),
    "employment_declaration": _("Declaration on the employment relationship (BA form)"),
    "cv_german": _("Tabular CV in German"),
    "qualification_certificate": _("Qualification certificate"),
    "equivalence_notice": _("Equivalence notice (recognition)"),
    "deficit_notice": _("Notice of partial equivalence (deficit notice)"),
    "qualification_measure_plan": _("Plan of the qualification measure"),
    "degree_comparability": _("Proof of degree comparability (anabin / ZAB)"),
    "state_recognition_proof": _("Proof of state recognition in the country of origin"),
    "professional_licence": _("Professional licence or its promise"),
    "experience_proof": _("Proof of professional experience"),
    "language_certificate": _("German language certificate"),
    "pension_provision_proof": _("Proof of adequate old-age provision"),
    "collective_agreement_proof": _("Proof of the collective agreement"),
    "recognition_partnership_agreement": _("Recognition partnership agreement"),
    "transcript": _("Transcript of subjects and hours"),
}
FAMILY_LABELS = {
    "family_power_of_attorney": _("Family member's power of attorney"),
    "family_passport": _("Family member's passport"),
    "marriage_certificate": _("Marriage or partnership certificate"),
    "family_language_certificate": _("Family member's language certificate"),
    "birth_certificate": _("Child's birth certificate"),
}
# The § 81a procedure's letters and notices: a signature is an uploaded signed copy (§ 57 VwVfG:
# written form), a body off the platform is recorded with its notice.
PROCEDURE_LABELS = {
    "agreement_signed": _("Agreement under § 81a AufenthG, signed copy"),
    "recognition_letter": _("Letter or notice of the recognition body"),
    "procedure_letter": _("Letter of the authority in the § 81a procedure"),
    # made by the platform from the case's data for the authority to check, sign and send
    "agreement_letter": _("Agreement under § 81a Abs. 2 AufenthG, letter for signing"),
    "preapproval_letter": _("Pre-approval (Vorabzustimmung), letter"),
}
TRANSLATION = "translation"

assert set(PRECHECK_LABELS) == set(typing.get_args(DocumentId)), "a pre-check document has no label"

DocumentKind = models.TextChoices(
    "DocumentKind",
    [
        (key, (key, label))
        for key, label in {**PRECHECK_LABELS, **FAMILY_LABELS, **PROCEDURE_LABELS}.items()
    ]
    + [(TRANSLATION, (TRANSLATION, _("Translation")))],
)
FAMILY_KINDS = frozenset(FAMILY_LABELS)
PROCEDURE_KINDS = frozenset(PROCEDURE_LABELS)


def kind_label(kind: str) -> str:
    """A document kind's label in the active language (the kind itself if unknown)."""
    labels = dict(DocumentKind.choices)
    return str(labels.get(kind, kind))
