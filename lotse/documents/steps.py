"""The documents' steps, declared here (above `cases`) and registered into the case's step table
from `DocumentsConfig.ready()`: adding a document, sending and revoking the worker's upload link,
choosing the target title. Pages and API are made from the table like every other step."""

from django.utils.translation import gettext_lazy as _
from pydantic import ConfigDict, Field

from lotse.cases.schemas import StepIn
from lotse.cases.steps import Step, step_register
from lotse.documents import forms
from lotse.documents.checklist import pathway_label
from lotse.documents.links import link_can_revoke, link_can_send, link_revoke, link_send
from lotse.documents.services import document_can_upload, document_upload, target_title_choose


class UploadDocumentIn(StepIn):
    """The fields of a multipart body; the file itself is its part `file`."""

    model_config = ConfigDict(extra="ignore")
    kind: str = Field(
        description="What the document is: a pre-check document id, a family "
        "member's document or `translation`"
    )
    language: str = Field(description="ISO 639-1 code of the document's language, or `other`")
    family_member: str = Field("", description="The family member's id (a family document)")
    translation_of: str = Field("", description="The translated document's id (a translation)")


class SendLinkIn(StepIn):
    email: str = Field(description="The worker's e-mail address the link is mailed to")


class RevokeLinkIn(StepIn):
    link: str = Field(description="The id of the upload link to revoke")


class TargetTitleIn(StepIn):
    pathway: str = Field(description="The pre-check's pathway id of the residence title")


def _kind(case, result, form) -> dict:
    return {"name": str(result.get_kind_display()), "version": result.version}


def _email(case, result, form) -> dict:
    return {"email": result.email}


def _pathway(case, result, form) -> dict:
    return {"title": pathway_label(result.target_title)}


for _step in (
    Step(
        key="upload_document",
        summary="Add a document to the case (multipart: the fields and `file`)",
        label=_("Add the document"),
        service=document_upload,
        guard=document_can_upload,
        form=forms.UploadDocumentForm,
        schema=UploadDocumentIn,
        done=_("%(name)s was added (version %(version)s)."),
        facts=_kind,
        files=True,
        tags=["documents"],
    ),
    Step(
        key="send_upload_link",
        summary="Mail the worker a link to upload documents to this case",
        label=_("Send the upload link"),
        service=link_send,
        guard=link_can_send,
        form=forms.SendLinkForm,
        schema=SendLinkIn,
        done=_("The upload link was sent to %(email)s."),
        facts=_email,
        tags=["documents"],
    ),
    Step(
        key="revoke_upload_link",
        summary="Revoke an upload link of the case",
        label=_("Revoke the link"),
        service=link_revoke,
        guard=link_can_revoke,
        form=forms.RevokeLinkForm,
        schema=RevokeLinkIn,
        done=_("The upload link was revoked; it opens nothing any more."),
        tags=["documents"],
    ),
    Step(
        key="choose_target_title",
        summary="Choose (company) or propose (chamber) the residence title applied for",
        label=_("Save the target title"),
        service=target_title_choose,
        guard=document_can_upload,
        form=forms.TargetTitleForm,
        schema=TargetTitleIn,
        done=_("The checklist follows %(title)s now."),
        facts=_pathway,
        tags=["documents"],
    ),
):
    step_register(_step)
