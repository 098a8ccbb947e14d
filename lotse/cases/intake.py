"""What the company enters: the fields of the intake and which of them submission needs."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

WORKER_FIELDS = (
    "worker_first_name",
    "worker_last_name",
    "worker_birth_date",
    "worker_citizenship",
    "worker_passport_number",
    "worker_email",
    "worker_languages",
    "worker_pension_provision",
)
QUALIFICATION_FIELDS = (
    "qualification_level",
    "qualification_country",
    "qualification_title",
    "qualification_date",
    "qualification_state_recognised",
    "recognition",
    "zab_comparable",
    "experience_years_last_5",
    "it_experience_years_last_7",
)
JOB_FIELDS = (
    "job_offer",
    "job_title",
    "job_occupation_code",
    "job_salary_eur",
    "job_weekly_hours",
    "job_start_date",
    "job_requires_qualification",
    "job_matches_qualification",
    "job_shortage_occupation",
    "job_it_specialist",
    "job_regulated_profession",
    "job_licence_granted",
    "job_collective_agreement",
    "workplace_postcode",
    "workplace_municipality",
    "recognition_partnership",
    "first_residence_title",
)
RESIDENCE_FIELDS = ("residence_postcode", "residence_municipality")
INTAKE_FIELDS = (
    WORKER_FIELDS + QUALIFICATION_FIELDS + JOB_FIELDS + RESIDENCE_FIELDS + ("consent_given",)
)

SECTIONS = (
    (_("The worker"), WORKER_FIELDS),
    (_("Qualification and experience"), QUALIFICATION_FIELDS),
    (_("The job offer"), JOB_FIELDS),
    (_("Intended residence"), RESIDENCE_FIELDS),
)

# Submission needs these; facts left open (unknown) are asked for by the chamber's pre-check.
REQUIRED_FOR_SUBMIT = (
    "worker_first_name",
    "worker_last_name",
    "worker_birth_date",
    "worker_citizenship",
    "worker_passport_number",
    "qualification_level",
    "job_offer",
    "job_title",
    "job_salary_eur",
    "job_weekly_hours",
    "job_start_date",
    "workplace_postcode",
    "workplace_municipality",
)
REQUIRED_WITH_QUALIFICATION = ("qualification_country", "qualification_title", "qualification_date")


# Needed for submission: marked as such on every step from the start (the qualification's details
# only when there is a qualification).
NEEDED_FOR_SUBMIT = frozenset(REQUIRED_FOR_SUBMIT + REQUIRED_WITH_QUALIFICATION)

# Chosen from ISO 3166 (stored as the alpha-2 code, shown in the page's language).
COUNTRY_FIELDS = ("worker_citizenship", "qualification_country")


@dataclass(frozen=True)
class IntakeStep:
    """One page of the intake: its slug (in the URL), its title and the case fields it asks."""

    slug: str
    title: Promise
    fields: tuple[str, ...] = ()


# First the data-protection notice and the consent (Art. 13 GDPR: before any personal data is
# stored), then the facts, then the family coming along, then the check before submission.
INTAKE_STEPS = (
    IntakeStep("consent", _("Data protection and consent"), ("consent_given",)),
    IntakeStep("person", _("The worker"), WORKER_FIELDS),
    IntakeStep(
        "qualification",
        _("Qualification"),
        tuple(name for name in QUALIFICATION_FIELDS if "experience" not in name),
    ),
    IntakeStep(
        "experience", _("Experience"), ("experience_years_last_5", "it_experience_years_last_7")
    ),
    IntakeStep(
        "job",
        _("The job offer"),
        tuple(name for name in JOB_FIELDS if not name.startswith("workplace_")),
    ),
    IntakeStep(
        "places",
        _("Places"),
        ("workplace_postcode", "workplace_municipality", *RESIDENCE_FIELDS),
    ),
    IntakeStep("family", _("Family coming along")),
    IntakeStep("review", _("Check and submit")),
)
INTAKE_STEP_BY_SLUG = {step.slug: step for step in INTAKE_STEPS}


def intake_step_for(field: str) -> IntakeStep | None:
    """The step that asks `field` (to link a missing field or a warning to its page)."""
    return next((step for step in INTAKE_STEPS if field in step.fields), None)


def missing_for_submit(case) -> list[str]:
    """The fields still empty that submission needs, in form order."""
    required = list(REQUIRED_FOR_SUBMIT)
    if case.qualification_level and case.qualification_level != "none":
        required += REQUIRED_WITH_QUALIFICATION
    return [name for name in INTAKE_FIELDS if name in required and _empty(getattr(case, name))]


def _empty(value) -> bool:
    return value is None or value == "" or value == []
