"""The procedure's steps, declared here (above `cases`) and registered into the case's step table:
each appears as a page action and an API operation (`cases/steps.py`)."""

import datetime

from django.utils.translation import gettext_lazy as _

from lotse.cases.event_types import EventType
from lotse.cases.schemas import FamilyAddIn, StepIn
from lotse.cases.step_forms import FamilyAddForm
from lotse.cases.steps import Step, step_register
from lotse.procedure import forms, guards, schemas, services


def _to(case, result, form) -> dict:
    return {"name": str(form.cleaned_data["to"])}


def _person(case, result, form) -> dict:
    chosen = form.cleaned_data["person"]
    return {"name": dict(forms.person_choices(case)).get(chosen, chosen)}


def _week_ended(case, result, form) -> dict:
    """The agency's week's last day, as the deemed consent recorded it."""
    from django.utils.formats import date_format

    from lotse.cases.models import CaseEvent

    ended = (
        CaseEvent.objects.filter(case=case, type=EventType.CONSENT_DEEMED_GIVEN)
        .order_by("-seq")
        .values_list("payload__ended", flat=True)
        .first()
    )
    try:
        return {"ended": date_format(datetime.date.fromisoformat(ended or ""))}
    except ValueError:
        return {"ended": "—"}


def _recognition(key: str, event: str, summary: str, label, done, form=None, schema=None) -> Step:
    return Step(
        key=key,
        summary=summary,
        label=label,
        service=services.recognition_recorder(event),
        guard=guards.recognition_can_record(event),
        form=form or forms.RecognitionRecordForm,
        schema=schema or schemas.RecognitionRecordIn,
        done=done,
        tags=["procedure"],
    )


def _visa(key: str, event: str, summary: str, label, done, **extra) -> Step:
    authority_too = extra.pop("authority_too", False)
    return Step(
        key=key,
        summary=summary,
        label=label,
        service=services.visa_reporter(event, authority_too=authority_too),
        guard=guards.visa_can_report(event, authority_too=authority_too),
        form=extra.pop("form", forms.VisaForm),
        schema=extra.pop("schema", schemas.VisaIn),
        done=done,
        facts=_person,
        tags=["procedure"],
        **extra,
    )


PROCEDURE_STEPS = [
    Step(
        key="agreement_draft",
        summary="Draft the agreement under § 81a Abs. 2 AufenthG",
        label=_("Record the draft agreement"),
        service=services.agreement_draft,
        guard=guards.agreement_can_draft,
        form=forms.AgreementDraftForm,
        schema=schemas.DocumentIn,
        done=_("The draft agreement was recorded; the company can sign it now."),
        style="primary",
        tags=["procedure"],
    ),
    Step(
        key="agreement_sign",
        summary="Record your side's signature with the signed copy",
        label=_("Record the signature"),
        service=services.agreement_sign,
        guard=guards.agreement_can_sign,
        form=forms.AgreementSignForm,
        schema=schemas.DocumentIn,
        done=_("Your side's signature was recorded with the signed copy."),
        style="primary",
        tags=["procedure"],
    ),
    Step(
        key="agreement_conclude",
        summary="Conclude the agreement and name the fee's debtor",
        label=_("Conclude the agreement"),
        service=services.agreement_conclude,
        guard=guards.agreement_can_conclude,
        form=forms.AgreementConcludeForm,
        schema=schemas.AgreementConcludeIn,
        done=_("The agreement is concluded."),
        style="primary",
        tags=["procedure"],
    ),
    Step(
        key="recognition_apply",
        summary="Have the recognition started at the competent body",
        label=_("Apply for recognition"),
        service=services.recognition_apply,
        guard=guards.recognition_can_apply,
        form=forms.RecognitionApplyForm,
        schema=schemas.RecognitionApplyIn,
        done=_("The recognition was applied for."),
        tags=["procedure"],
    ),
    _recognition(
        "recognition_confirm_receipt",
        EventType.RECOGNITION_RECEIPT_CONFIRMED,
        "Record that the recognition body confirmed receipt",
        _("Record: receipt confirmed"),
        _("The confirmation of receipt was recorded."),
    ),
    _recognition(
        "recognition_request_evidence",
        EventType.RECOGNITION_EVIDENCE_REQUESTED,
        "Record the recognition body's request for more evidence",
        _("Record: evidence requested"),
        _("The request for evidence was recorded."),
    ),
    _recognition(
        "recognition_receive_documents",
        EventType.RECOGNITION_DOCUMENTS_RECEIVED,
        "Record that the recognition body received the documents asked for",
        _("Record: documents received"),
        _("The receipt of the documents was recorded."),
    ),
    _recognition(
        "recognition_extend",
        EventType.RECOGNITION_EXTENDED,
        "Record that the recognition body extended its period",
        _("Record: period extended"),
        _("The extension was recorded."),
    ),
    _recognition(
        "recognition_decide",
        EventType.RECOGNITION_DECIDED,
        "Record the recognition body's decision",
        _("Record the decision on recognition"),
        _("The decision on recognition was recorded."),
        form=forms.RecognitionDecideForm,
        schema=schemas.RecognitionDecideIn,
    ),
    Step(
        key="recognition_pass_on",
        summary="Pass the recognition body's letter on to the employer",
        label=_("Pass on to the employer"),
        service=services.recognition_pass_on,
        guard=guards.recognition_can_pass_on,
        form=forms.PassOnForm,
        schema=schemas.PassOnIn,
        done=_("The letter was passed on; the company sees it now."),
        tags=["procedure"],
    ),
    Step(
        key="consent_ask_information",
        summary="Ask for missing information (the Federal Employment Agency)",
        label=_("Ask for information"),
        service=services.consent_ask_information,
        guard=guards.consent_can_ask_information,
        form=forms.QuestionsForm,
        schema=schemas.TextIn,
        done=_("The request for information was recorded; no consent is deemed given now."),
        tags=["procedure"],
    ),
    Step(
        key="consent_confirm_deemed",
        summary="Confirm the deemed consent after the agency's week (§ 36 Abs. 2 S. 2 BeschV)",
        label=_("Confirm the deemed consent"),
        service=services.consent_confirm_deemed,
        guard=guards.consent_can_confirm_deemed,
        form=forms.ConsentDeemedForm,
        schema=schemas.ConsentDeemedIn,
        done=_(
            "The consent of the Federal Employment Agency is recorded as deemed given: its week "
            "ended on %(ended)s without an answer (§ 36 Abs. 2 S. 2 BeschV)."
        ),
        facts=_week_ended,
        style="primary",
        tags=["procedure"],
    ),
    Step(
        key="preapproval_issue",
        summary="Issue the pre-approval for the worker or a family member",
        label=_("Issue the pre-approval"),
        service=services.preapproval_issue,
        guard=guards.preapproval_can_issue,
        form=forms.PreapprovalForm,
        schema=schemas.PreapprovalIn,
        done=_("The pre-approval for %(name)s was issued."),
        facts=_person,
        style="primary",
        tags=["procedure"],
    ),
    _visa(
        "visa_request_appointment",
        EventType.VISA_APPOINTMENT_REQUESTED,
        "Report that a visa appointment was requested",
        _("Report: appointment requested"),
        _("The appointment request of %(name)s was recorded."),
    ),
    _visa(
        "visa_book_appointment",
        EventType.VISA_APPOINTMENT_BOOKED,
        "Report the booked visa appointment",
        _("Report: appointment booked"),
        _("The visa appointment of %(name)s was recorded."),
    ),
    _visa(
        "visa_apply",
        EventType.VISA_APPLIED,
        "Report that the visa was applied for",
        _("Report: visa applied for"),
        _("The visa application of %(name)s was recorded."),
    ),
    _visa(
        "visa_issue",
        EventType.VISA_ISSUED,
        "Report that the visa was issued",
        _("Report: visa issued"),
        _("The visa of %(name)s was recorded."),
        style="primary",
    ),
    _visa(
        "visa_refuse",
        EventType.VISA_REFUSED,
        "Report that the visa was refused",
        _("Report: visa refused"),
        _("The refusal of the visa of %(name)s was recorded."),
        form=forms.VisaRefusedForm,
        schema=schemas.VisaRefusedIn,
        authority_too=True,
    ),
    _visa(
        "entry_report",
        EventType.ENTRY_REPORTED,
        "Report the entry into Germany",
        _("Report the entry"),
        _("The entry of %(name)s was recorded."),
    ),
    Step(
        key="residence_permit_apply",
        summary="Report that the residence permit was applied for after entry (§ 71 Abs. 1 AufenthG)",
        label=_("Report: residence permit applied for"),
        service=services.residence_permit_reporter(EventType.RESIDENCE_PERMIT_APPLIED),
        guard=guards.residence_permit_can_report(EventType.RESIDENCE_PERMIT_APPLIED),
        form=forms.VisaForm,
        schema=schemas.VisaIn,
        done=_(
            "The application of %(name)s for the residence permit at the foreigners authority "
            "of the residence was recorded."
        ),
        facts=_person,
        tags=["procedure"],
    ),
    Step(
        key="residence_permit_issue",
        summary="Report that the residence permit was issued",
        label=_("Report: residence permit issued"),
        service=services.residence_permit_reporter(EventType.RESIDENCE_PERMIT_ISSUED),
        guard=guards.residence_permit_can_report(EventType.RESIDENCE_PERMIT_ISSUED),
        form=forms.VisaForm,
        schema=schemas.VisaIn,
        done=_("The residence permit of %(name)s was recorded."),
        facts=_person,
        style="primary",
        tags=["procedure"],
    ),
    Step(
        key="employment_report_end",
        summary="Report that the employment ended early (§ 4a Abs. 5 S. 3 Nr. 3 AufenthG)",
        label=_("Report the early end of the employment"),
        service=services.employment_report_end,
        guard=guards.employment_can_report_end,
        form=forms.EmploymentEndForm,
        schema=schemas.EmploymentEndIn,
        done=_("The early end of the employment was reported to the authority."),
        confirm=_("Employment ended early …"),
        style="danger",
        tags=["procedure"],
    ),
    Step(
        key="family_join",
        summary="Add a family member to the running procedure (§ 81a Abs. 4 AufenthG)",
        label=_("Add the family member"),
        service=services.family_join,
        guard=guards.family_can_join,
        form=FamilyAddForm,
        schema=FamilyAddIn,
        done=_("%(name)s joins the procedure; the authority issues their own pre-approval."),
        facts=lambda case, result, form: {"name": str(result)},
        confirm=_("Add a family member …"),
        tags=["procedure"],
    ),
    Step(
        key="counselling_refer",
        summary="Refer a family member to career counselling (SGB III; SGB II)",
        label=_("Refer to career counselling"),
        service=services.counselling_refer,
        guard=guards.counselling_can_refer,
        form=forms.CounsellingForm,
        schema=schemas.CounsellingIn,
        done=_("%(name)s was referred to career counselling; its contact takes part in the case."),
        facts=lambda case, result, form: {
            "name": dict(form.fields["member"].choices).get(form.cleaned_data["member"], "")
        },
        confirm=_("Career counselling for a family member …"),
        tags=["procedure"],
    ),
    Step(
        key="procedure_refuse",
        summary="Refuse the procedure with reasons",
        label=_("Refuse the procedure"),
        service=services.procedure_refuse,
        guard=guards.procedure_can_refuse,
        form=forms.ReasonsForm,
        schema=schemas.TextIn,
        done=_("The procedure was refused."),
        confirm=_("Refuse the procedure …"),
        style="danger",
        tags=["procedure"],
    ),
    Step(
        key="message_send",
        summary="Send a message on the case to the company or a partner",
        label=_("Send the message"),
        service=services.message_send,
        guard=guards.message_can_send,
        form=forms.MessageForm,
        schema=schemas.MessageIn,
        done=_("Your message to %(name)s was sent."),
        facts=_to,
        confirm=_("Write a message …"),
        tags=["messages"],
    ),
]

for _step in PROCEDURE_STEPS:
    step_register(_step)

__all__ = ["PROCEDURE_STEPS", "StepIn"]
