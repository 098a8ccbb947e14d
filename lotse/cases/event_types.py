"""Event types: stable dotted values, stored in the log forever; labels are the timeline's words."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    CASE_CREATED = "case.created", _("Case opened")
    CASE_UPDATED = "case.updated", _("Case details changed")
    FAMILY_ADDED = "family.added", _("Family member added")
    FAMILY_REMOVED = "family.removed", _("Family member removed")
    FAMILY_COUNSELLING_REFERRED = (
        "family.counselling_referred",
        _("Family member referred to career counselling"),
    )
    CASE_SUBMITTED = "case.submitted", _("Submitted to the chamber")
    CASE_WITHDRAWN = "case.withdrawn", _("Case withdrawn")
    SELF_CHECK_RUN = "precheck.self_check", _("Self-check run")
    PRECHECK_RUN = "precheck.run", _("Pre-check run")
    CASE_RETURNED = "case.returned", _("Returned for completion")
    NO_PROSPECT_ADVISED = "precheck.no_prospect", _("Advised: no prospect of success")
    RETURN_ANSWERED = "case.return_answered", _("Answer to the return for completion")
    FORWARDING_REQUESTED = "case.forwarding_requested", _("Company asks for forwarding")
    AUTHORITY_CHOSEN = "routing.authority_chosen", _("Authority chosen")
    DOSSIER_FORWARDED = "dossier.forwarded", _("Forwarded to the authority")
    SUBMISSION_SENDING = "submission.sending", _("Dossier being delivered to the authority")
    SUBMISSION_RETRYING = (
        "submission.retrying",
        _("Delivery of the dossier failed, will be retried"),
    )
    SUBMISSION_DELIVERED = "submission.delivered", _("Dossier delivered to the authority")
    SUBMISSION_FAILED = "submission.failed", _("Delivery of the dossier failed")
    DOSSIER_ACCEPTED = "dossier.accepted", _("Authority accepted the dossier")
    DOSSIER_REJECTED = "dossier.rejected", _("Authority rejected the dossier")
    CONSENT_REQUESTED = "consent.requested", _("Consent of the Federal Employment Agency requested")
    CONSENT_GIVEN = "consent.given", _("Federal Employment Agency gave its consent")
    CONSENT_REFUSED = "consent.refused", _("Federal Employment Agency refused its consent")
    CONSENT_DEEMED_GIVEN = "consent.deemed_given", _("Consent deemed given after one week")
    CONSENT_WEEK_EXPIRED = (
        "consent.week_expired",
        _("The Federal Employment Agency's week passed without an answer on the platform"),
    )
    PARTICIPANT_ADDED = "participant.added", _("Partner takes part")
    PARTICIPANT_ROLE_CHANGED = "participant.role_changed", _("Partner takes up its own part")
    CONTACT_ASSIGNED = "contact.assigned", _("Contact person assigned")
    DOCUMENT_UPLOADED = "document.uploaded", _("Document added")
    UPLOAD_LINK_SENT = "upload_link.sent", _("Upload link sent to the worker")
    UPLOAD_LINK_REVOKED = "upload_link.revoked", _("Upload link revoked")
    TARGET_TITLE_CHOSEN = "target_title.chosen", _("Target residence title chosen")
    PERSONAL_DATA_ERASED = "personal_data.erased", _("Personal data erased")
    AGREEMENT_DRAFTED = "agreement.drafted", _("Authority drafted the agreement")
    AGREEMENT_SIGNED = "agreement.signed", _("Agreement signed")
    AGREEMENT_CONCLUDED = "agreement.concluded", _("Agreement concluded")
    RECOGNITION_APPLIED = "recognition.applied", _("Recognition applied for")
    RECOGNITION_RECEIPT_CONFIRMED = (
        "recognition.receipt_confirmed",
        _("Recognition body confirmed receipt"),
    )
    RECOGNITION_EVIDENCE_REQUESTED = (
        "recognition.evidence_requested",
        _("Recognition body asked for more evidence"),
    )
    RECOGNITION_DOCUMENTS_RECEIVED = (
        "recognition.documents_received",
        _("Recognition body received the documents asked for"),
    )
    RECOGNITION_EXTENDED = "recognition.extended", _("Recognition body extended its period")
    RECOGNITION_DECIDED = "recognition.decided", _("Recognition body decided")
    AUTHORITY_EMPLOYER_INVITED = (
        "authority.employer_invited",
        _("Authority passed the recognition body's letter on to the employer"),
    )
    CONSENT_INFORMATION_REQUESTED = (
        "consent.information_requested",
        _("Federal Employment Agency asked for more information"),
    )
    PREAPPROVAL_ISSUED = "preapproval.issued", _("Pre-approval issued")
    VISA_APPOINTMENT_REQUESTED = "visa.appointment_requested", _("Visa appointment requested")
    VISA_APPOINTMENT_BOOKED = "visa.appointment_booked", _("Visa appointment booked")
    VISA_APPLIED = "visa.applied", _("Visa applied for")
    VISA_ISSUED = "visa.issued", _("Visa issued")
    VISA_REFUSED = "visa.refused", _("Visa refused")
    ENTRY_REPORTED = "entry.reported", _("Entry into Germany reported")
    RESIDENCE_PERMIT_APPLIED = (
        "residence_permit.applied",
        _("Residence permit applied for at the authority of the residence"),
    )
    RESIDENCE_PERMIT_ISSUED = "residence_permit.issued", _("Residence permit issued")
    EMPLOYMENT_ENDED_EARLY = "employment.ended_early", _("Employment ended early")
    PROCEDURE_REFUSED = "procedure.refused", _("Authority refused the procedure")
    MESSAGE_SENT = "message.sent", _("Message sent")
