"""The API for an authority's own case system, with an organisation API key (`orgs/api_keys.py`):
list the new submissions, fetch a manifest, each file and the whole dossier (streamed), and
acknowledge a submission as accepted or rejected — keyed by the submission id, with no case version
(the submission id is the idempotency key: the same acknowledgement twice changes nothing).

Authentication: `Authorization: Bearer lotse_…`. A key acts for its organisation only: another
organisation's submission is not found (404), a revoked or unknown key is not authenticated (401),
a key without the operation's permission is refused (403), a key over its rate limit gets 429.
"""

from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, StreamingHttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer
from pydantic import ConfigDict, Field, field_validator

from lotse.cases.access import access_record
from lotse.cases.need_to_know import view_for
from lotse.cases.schemas import without_nul
from lotse.cases.visibility import case_get_for, viewer_memberships
from lotse.forwarding.dossier import _verified, dossier_zip
from lotse.forwarding.models import RECEIVED, Submission
from lotse.forwarding.selectors import new_submissions_for, submissions_seen
from lotse.forwarding.services import submission_acknowledge
from lotse.orgs.api_keys import api_key_find, api_key_use
from lotse.orgs.middleware import membership_of
from lotse.orgs.models import ApiKey, ApiScope


class KeyAuth(HttpBearer):
    openapi_description = "An organisation API key: `Authorization: Bearer lotse_…`"

    def authenticate(self, request, token: str) -> ApiKey | None:
        key = api_key_find(token)
        if key is None:
            return None
        if not api_key_use(key=key, method=request.method, path=request.path):
            raise HttpError(429, _("Too many calls with this API key: please wait a minute."))
        return key


router = Router(tags=["submissions"], auth=KeyAuth())


def _key(request, scope: str) -> ApiKey:
    key: ApiKey = request.auth
    if scope not in key.scopes:
        raise PermissionDenied
    return key


def _submission(request, submission_id: UUID) -> Submission:
    """A submission delivered to the key's organisation; anything else is not found."""
    key = _key(request, ApiScope.READ)
    submission = (
        Submission.objects.select_related("case")
        .filter(pk=submission_id, destination=key.organisation, state__in=RECEIVED)
        .first()
    )
    if submission is None:
        raise Http404
    return submission


class SubmissionOut(Schema):
    id: UUID
    reference: str = Field(description="The case's reference")
    state: str = Field(description="delivered, accepted or rejected")
    delivered_at: str | None
    documents: int = Field(description="How many documents the dossier holds")


def _out(submission: Submission) -> dict:
    return {
        "id": submission.pk,
        "reference": submission.case.reference,
        "state": submission.state,
        "delivered_at": submission.delivered_at.isoformat() if submission.delivered_at else None,
        "documents": len(submission.manifest.get("documents", [])),
    }


@router.get("/submissions", response=list[SubmissionOut])
def get_submissions(request):
    """The submissions delivered to the key's organisation and not yet acknowledged, oldest first."""
    key = _key(request, ApiScope.READ)
    return [_out(submission) for submission in new_submissions_for(organisation=key.organisation)]


@router.get("/submissions/{submission_id}", response=SubmissionOut)
def get_submission(request, submission_id: UUID):
    return _out(_submission(request, submission_id))


@router.get("/submissions/{submission_id}/manifest", response=dict)
def get_manifest(request, submission_id: UUID):
    """The submission's manifest (version 1: case data, pre-check, checklist, documents with their
    SHA-256 and paths), as frozen at forwarding."""
    return _submission(request, submission_id).manifest


FILE = {
    "responses": {200: {"description": "The file", "content": {"application/octet-stream": {}}}}
}


@router.get("/submissions/{submission_id}/documents/{document_id}", openapi_extra=FILE)
def get_document(request, submission_id: UUID, document_id: UUID):
    """One document of the submission, byte for byte, streamed (its SHA-256 is in the manifest)."""
    submission = _submission(request, submission_id)
    entry = next(
        (e for e in submission.manifest.get("documents", []) if e["id"] == str(document_id)), None
    )
    document = submission.documents.filter(pk=document_id).first()
    if entry is None or document is None:
        raise Http404
    response = StreamingHttpResponse(
        _verified(document.storage_name, entry["sha256"]), content_type=entry["content_type"]
    )
    response["Content-Length"] = str(entry["size"])
    response["Content-Disposition"] = f'attachment; filename="{entry["path"].split("/")[-1]}"'
    return response


@router.get("/submissions/{submission_id}/dossier", openapi_extra=FILE)
def get_dossier(request, submission_id: UUID):
    """The whole dossier as one ZIP (cover PDF, manifest, documents), streamed."""
    submission = _submission(request, submission_id)
    stream = dossier_zip(submission)
    response = StreamingHttpResponse(stream, content_type="application/zip")
    response["Content-Length"] = str(len(stream))
    response["Content-Disposition"] = (
        f'attachment; filename="dossier-{submission.case.reference}.zip"'
    )
    return response


class AcknowledgeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["accepted", "rejected"] = Field(
        description="accepted: the § 81a procedure starts; rejected: back to the chamber"
    )
    reasons: str = Field("", max_length=4000, description="Required when rejected")

    _no_nul = field_validator("*")(without_nul)


@router.post("/submissions/{submission_id}/acknowledge", response=SubmissionOut)
def post_acknowledge(request, submission_id: UUID, payload: AcknowledgeIn):
    """Accept or reject a delivered submission by its id. The same acknowledgement again changes
    nothing; a different one after the first is refused (409)."""
    key = _key(request, ApiScope.ACKNOWLEDGE)
    if payload.outcome == "rejected" and not payload.reasons.strip():
        raise DjangoValidationError({"reasons": [_("Please give the reasons for rejecting.")]})
    try:
        submission = submission_acknowledge(
            submission_id=submission_id,
            organisation=key.organisation,
            accepted=payload.outcome == "accepted",
            reasons=payload.reasons,
        )
    except Submission.DoesNotExist as error:
        raise Http404 from error
    return _out(submission)


# --- a case's dossiers for a logged-in reader (session, like the rest of the API) ----------------

case_router = Router(tags=["cases"])


class CaseSubmissionOut(Schema):
    id: UUID = Field(description="The submission's id: fetch its dossier by it")
    destination: str = Field(description="The authority it was forwarded to")
    state: str = Field(description="delivered, accepted or rejected")
    forwarded_at: str
    delivered_at: str | None


def _seen(request, case_id: UUID):
    """The case (as the caller saw it, if its part ended) and the submissions whose dossier the
    caller may download (`selectors.submissions_seen`); 403 without the whole dossier."""
    case = case_get_for(user=request.user, case_id=case_id, as_seen=True)
    view = view_for(user=request.user, case=case, active=membership_of(request))
    if not view.sees_all:
        raise PermissionDenied
    organisations = [seat.organisation_id for seat in viewer_memberships(request.user)]
    return case, submissions_seen(case=case, view=view, organisations=organisations)


@case_router.get("/cases/{case_id}/submissions", response=list[CaseSubmissionOut])
def get_case_submissions(request, case_id: UUID):
    """The delivered dossiers of the case the caller may download, newest first: the company and
    the chamber each one, an authority those delivered to it (also after it rejected one)."""
    _case, submissions = _seen(request, case_id)
    return [
        {
            "id": submission.pk,
            "destination": submission.destination.name,
            "state": submission.state,
            "forwarded_at": submission.created_at.isoformat(),
            "delivered_at": submission.delivered_at.isoformat()
            if submission.delivered_at
            else None,
        }
        for submission in submissions
    ]


@case_router.get("/cases/{case_id}/submissions/{submission_id}/dossier", openapi_extra=FILE)
def get_case_submission_dossier(request, case_id: UUID, submission_id: UUID):
    """One submission's dossier as one ZIP (cover PDF, manifest, documents), streamed; the read
    is logged."""
    case, submissions = _seen(request, case_id)
    submission = submissions.filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    access_record(request=request, case=case, action="api.dossier")
    stream = dossier_zip(submission, language=get_language() or "de")
    response = StreamingHttpResponse(stream, content_type="application/zip")
    response["Content-Length"] = str(len(stream))
    name = f"dossier-{case.reference}-{str(submission.pk)[:8]}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
