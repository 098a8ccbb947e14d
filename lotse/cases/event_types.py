"""Event types: stable dotted values, stored in the log forever; labels are the timeline's words."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    CASE_CREATED = "case.created", _("Case opened")
    CASE_UPDATED = "case.updated", _("Case details changed")
    FAMILY_ADDED = "family.added", _("Family member added")
    FAMILY_REMOVED = "family.removed", _("Family member removed")
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
