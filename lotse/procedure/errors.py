from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureError(models.TextChoices):
    NOT_YOUR_STEP = "not_your_step", _("This step is not yours to take on this case.")
    WRONG_STATE = "wrong_state", _("This step is not possible in the case's current state.")
    ALREADY_SIGNED = "already_signed", _("Your side has signed the agreement already.")
    DOCUMENT_REQUIRED = (
        "document_required",
        _("Please choose the uploaded document this step records (a click is not a signature)."),
    )
    DOCUMENT_NOT_USABLE = (
        "document_not_usable",
        _("This document is not a current document of this case of the kind the step needs."),
    )
    BODY_ON_PLATFORM = (
        "body_on_platform",
        _("The recognition body works on the platform and records this step itself."),
    )
    BODY_NOT_COMPETENT = (
        "body_not_competent",
        _("The region's data name no recognition body for this occupation today."),
    )
    PREAPPROVAL_NOT_READY = (
        "preapproval_not_ready",
        _(
            "The pre-approval needs the concluded agreement, the consent of the Federal "
            "Employment Agency and, where it was applied for, a recognition decided in full or in "
            "part (§ 81a Abs. 3 Nr. 6 AufenthG)."
        ),
    )
    WORKER_FIRST = (
        "worker_first",
        _("A family member's pre-approval follows the worker's (§ 81a Abs. 4 AufenthG)."),
    )
    NOT_A_PERSON = "not_a_person", _("Please choose the worker or a family member of this case.")
    MEASURE_REQUIRED = (
        "measure_required",
        _("A partial recognition names its compensation measure (§ 11 BQFG)."),
    )
    REASON_REQUIRED = "reason_required", _("Please state the reasons.")
    NOTHING_TO_PASS_ON = (
        "nothing_to_pass_on",
        _("There is no letter of the recognition body left to pass on."),
    )
    NOT_A_RECIPIENT = (
        "not_a_recipient",
        _("Messages go to the company or to a partner taking part in the case."),
    )
    ALREADY_REPORTED = "already_reported", _("This has been reported already.")
    CONSENT_WEEK_RUNNING = (
        "consent_week_running",
        _(
            "The Federal Employment Agency's week has not passed on the platform yet: its consent "
            "is deemed given only after one week without an answer (§ 36 Abs. 2 S. 2 BeschV)."
        ),
    )
    NOT_A_FAMILY_MEMBER = (
        "not_a_family_member",
        _("Please choose a family member of this case who has not been referred there yet."),
    )
    CONSENT_REQUIRED = (
        "consent_required",
        _(
            "A referral needs the family member's consent to pass their name, qualification "
            "and career wishes on to the counselling service."
        ),
    )
    NO_COUNSELLING_SERVICE = (
        "no_counselling_service",
        _("The region's data name no such counselling service."),
    )
