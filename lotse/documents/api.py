"""The case's documents in the API: the live checklist of its target title and the documents the
caller's part in the case lets it see (need to know per document kind). Adding documents, the
worker's link and the target title are steps of the step table (`documents/steps.py`)."""

from __future__ import annotations

import datetime
from uuid import UUID

from ninja import Router, Schema
from pydantic import Field

from lotse.cases.access import access_record
from lotse.cases.dossier import case_precheck_standing
from lotse.cases.need_to_know import sees_document, view_for
from lotse.cases.visibility import case_get_for
from lotse.documents.checklist import case_checklist
from lotse.documents.kinds import kind_label
from lotse.documents.models import Document
from lotse.orgs.middleware import membership_of

router = Router(tags=["documents"])


class GapOut(Schema):
    kind: str
    missing: str = Field(description="document or translation")
    label: str


class RowOut(Schema):
    kind: str
    label: str
    present: bool
    translation_needed: bool
    translation_present: bool


class DocumentOut(Schema):
    id: UUID
    kind: str
    label: str
    version: int
    language: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime.datetime
    through_link: bool
    family_member: UUID | None
    translation_of: UUID | None


class DocumentsOut(Schema):
    target_title: str | None = Field(description="The pathway the checklist follows")
    chosen: bool = Field(
        description="The company chose it (else the default, the open title "
        "needing the fewest documents)"
    )
    possible: list[str]
    complete: bool
    precheck: str = Field(description="The chamber's pre-check: current, stale or missing")
    gaps: list[GapOut]
    rows: list[RowOut] = Field(description="The mandatory documents the caller may see")
    documents: list[DocumentOut] = Field(description="The current documents the caller may see")


@router.get("/cases/{case_id}/documents", response=DocumentsOut)
def get_case_documents(request, case_id: UUID):
    """The checklist (mandatory, present, missing, translation needed) and the current documents,
    each only where the caller's part in the case needs it."""
    case = case_get_for(user=request.user, case_id=case_id)
    access_record(request=request, case=case, action="api.documents")
    view = view_for(user=request.user, case=case, active=membership_of(request))
    checklist = case_checklist(case=case)
    current = (
        Document.objects.filter(case=case, replaced_by__isnull=True)
        .select_related("translation_of")
        .order_by("kind", "uploaded_at")
    )
    documents = [
        {
            "id": d.pk,
            "kind": d.kind,
            "label": kind_label(d.kind),
            "version": d.version,
            "language": d.language,
            "content_type": d.content_type,
            "size": d.size,
            "sha256": d.sha256,
            "uploaded_at": d.uploaded_at,
            "through_link": d.uploaded_via_id is not None,
            "family_member": d.family_member_id,
            "translation_of": d.translation_of_id,
        }
        for d in current
        if sees_document(view, d.kind, d.translation_of.kind if d.translation_of_id else None)
    ]
    rows = [
        {
            "kind": row.kind,
            "label": row.label,
            "present": row.present,
            "translation_needed": row.translation_needed,
            "translation_present": row.translation is not None,
        }
        for row in checklist.rows
        if sees_document(view, row.kind)
    ]
    seen = {row["kind"] for row in rows}
    return {
        "target_title": checklist.target,
        "chosen": checklist.chosen,
        "possible": checklist.possible,
        "complete": checklist.complete,
        "precheck": case_precheck_standing(case),
        "gaps": [
            gap | {"label": kind_label(gap["kind"])}
            for gap in checklist.gaps
            if gap["kind"] in seen
        ],
        "rows": rows,
        "documents": documents,
    }
