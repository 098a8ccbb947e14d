from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseError(models.TextChoices):
    NOT_YOUR_STEP = "not_your_step", _("This step is not yours to take on this case.")
    WRONG_STATE = "wrong_state", _("This step is not possible in the case's current state.")
    INTAKE_INCOMPLETE = (
        "intake_incomplete",
        _("The case is not complete yet: please fill in the fields marked as missing."),
    )
    CONSENT_MISSING = (
        "consent_missing",
        _("The worker's consent to the processing of their data must be confirmed."),
    )
    NOT_A_CHAMBER = (
        "not_a_chamber",
        _("Please choose a chamber of the case's region: its IHK or its Handwerkskammer."),
    )
    NOT_A_PARTNER = "not_a_partner", _("This person cannot be the contact for this organisation.")
    CONSENT_ALREADY_REQUESTED = (
        "consent_already_requested",
        _("The consent of the Federal Employment Agency has been requested already."),
    )
    NO_EMPLOYMENT_AGENCY = (
        "no_employment_agency",
        _("No Federal Employment Agency is registered for this region."),
    )
    PARTNER_NOT_ELIGIBLE = (
        "partner_not_eligible",
        _("Only partner organisations of the case's region can be involved."),
    )
    # The region's data words these two for its own choice (routing.yaml `choice`); the labels
    # here are what is said where it has no words.
    CHOICE_NOT_OPEN = (
        "choice_not_open",
        _("The choice of authority is not open for this case (not on this date, or not any more)."),
    )
    CHOICE_MISSING = (
        "choice_missing",
        _("On this date the employer chooses the authority: please state which one."),
    )
    NO_COMPETENT_AUTHORITY = (
        "no_competent_authority",
        _("No competent authority could be determined for this case's place of work."),
    )
    REASON_REQUIRED = "reason_required", _("Please state the reason.")
    NOT_ADMINISTRATOR = (
        "not_administrator",
        _("Only the platform administrator can erase personal data on request."),
    )
    UNKNOWN_PERSON = "unknown_person", _("This person is not part of the case.")
    NOT_PLATFORM_ADMIN = (
        "not_platform_admin",
        _("Only the platform administrator can remove a case."),
    )
    PRECHECK_UNAVAILABLE = (
        "precheck_unavailable",
        _(
            "The pre-check has no thresholds for this date yet; the year's values must be added first."
        ),
    )
    DOSSIER_NOT_READY = (
        "dossier_not_ready",
        _(
            "The dossier is not ready to be forwarded: %(gaps)s. Forward it nevertheless only "
            "with a stated reason."
        ),
    )
    NOTHING_TO_OVERRULE = (
        "nothing_to_overrule",
        _(
            "You can ask for forwarding nevertheless once the chamber has returned the case or "
            "advised that it has no prospect of success."
        ),
    )
    CASE_CHANGED = (
        "case_changed",
        _(
            "The case changed meanwhile: please look at its current state and take the step again "
            "if it still fits."
        ),
    )
