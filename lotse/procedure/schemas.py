"""The API's typed bodies of the procedure's steps (checked again by the step's form)."""

import datetime
from uuid import UUID

from pydantic import Field

from lotse.cases.schemas import REASON, StepIn

DOCUMENT = "Id of a current document of the case (uploaded before)"


class DocumentIn(StepIn):
    document: UUID | None = Field(None, description=DOCUMENT)


class AgreementConcludeIn(StepIn):
    fee_debtor: str = Field(description="worker or employer")


class RecognitionApplyIn(StepIn):
    occupation: str = Field(description="Key of a reference occupation or category (routing)")


class RecognitionRecordIn(DocumentIn):
    note: str = Field("", description="The body's note", **REASON)


class RecognitionDecideIn(RecognitionRecordIn):
    outcome: str = Field(description="full, partial or refused")
    measure: str = Field("", description="Compensation measure (partial)", **REASON)


class PassOnIn(StepIn):
    about: int = Field(description="Number (seq) of the body's letter in the case's log")


class TextIn(StepIn):
    text: str = Field(description="The text", **REASON)


class PersonIn(StepIn):
    person: str = Field(description='"worker" or a family member\'s id')


class PreapprovalIn(PersonIn):
    document: UUID | None = Field(None, description=DOCUMENT)


class VisaIn(PersonIn):
    date: datetime.date | None = Field(None, description="Date of the step")


class VisaRefusedIn(VisaIn):
    text: str = Field("", description="Reasons (optional)", **REASON)


class CounsellingIn(StepIn):
    member: str = Field(description="The family member's id")
    service: str = Field(description='"agency" (SGB III) or "jobcenter" (SGB II)')
    consent: bool = Field(description="The family member consented to the referral")


class EmploymentEndIn(StepIn):
    date: datetime.date = Field(description="Last day of the employment")
    text: str = Field("", description="Reason (optional)", **REASON)


class MessageIn(StepIn):
    to: str = Field(description="Key of the addressed organisation (the company or a partner)")
    subject: str = Field(max_length=200)
    text: str = Field(description="The message", **REASON)


class ConsentDeemedIn(StepIn):
    no_answer_elsewhere: bool = Field(
        description="true: no answer or request of the agency reached the authority outside the "
        "platform within its week (§ 36 Abs. 2 S. 2 BeschV)"
    )
