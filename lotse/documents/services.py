"""Add a document to a case: inspect, scan, store under a name of our own, record, log.

A refused file leaves nothing behind: no row, no event, no file in storage (the caller's upload
handler removes its temporary file when the request ends). A file stored whose transaction then
fails is deleted again before the error goes on.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation

from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.cases.guards import acts_for_authority, acts_for_chamber, acts_for_company
from lotse.cases.log import event_append
from lotse.cases.models import Case, FamilyMember
from lotse.cases.states import CaseState
from lotse.core import clock
from lotse.core.decision import Decision
from lotse.core.errors import DomainError
from lotse.documents import refusals
from lotse.documents.errors import DocumentError
from lotse.documents.inspection import Inspected, Limits, Refused, inspect_file
from lotse.documents.kinds import FAMILY_KINDS, TRANSLATION, DocumentKind
from lotse.documents.models import Document, UploadLink
from lotse.documents.scanner import scan
from lotse.orgs.models import Membership

EXTENSION = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}


def limits() -> Limits:
    return Limits(
        max_bytes=settings.LOTSE_UPLOAD_MAX_BYTES, max_pixels=settings.LOTSE_UPLOAD_MAX_PIXELS
    )


def refused_error(refused: Refused, field: str = "file") -> DomainError:
    """The refusal as the domain error pages and API show, worded in German and English."""
    text = {}
    for lang in ("de", "en"):
        with translation.override(lang):
            text[lang] = refusals.message(refused)
    return DomainError(DocumentError.REFUSED, field=field, refusal=refused.code, text=text)


# Documents are added while the dossier is put together and pre-checked (until forwarding) by the
# company and the chamber; in the § 81a procedure by the company (its signed copy of the agreement)
# and the authority (its letters, the notices of bodies off the platform).
UPLOADABLE = frozenset({CaseState.DRAFT, CaseState.SUBMITTED, CaseState.RETURNED})
PROCEDURE_STATES = frozenset({CaseState.IN_PROCEDURE, CaseState.COMPLETED})


def document_can_upload(*, actor: Membership | None, case: Case) -> Decision:
    """Who adds documents to the case, and chooses its target title, in which state."""
    if case.state in PROCEDURE_STATES:
        allowed = acts_for_company(actor, case) or acts_for_authority(actor, case)
    else:
        allowed = acts_for_company(actor, case) or acts_for_chamber(actor, case)
    if not allowed:
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if case.state not in UPLOADABLE | PROCEDURE_STATES:
        return Decision.no(CaseError.WRONG_STATE)
    return Decision.yes()


def _enforce(decision: Decision) -> None:
    if not decision:
        raise DomainError(decision.code, **decision.details)


def inspected_upload(upload: UploadedFile) -> Inspected:
    """Inspect and scan an upload, or raise the refusal as a `DomainError` naming the file field."""
    try:
        inspected = inspect_file(
            upload.file, upload.name or "", upload.content_type or "", limits()
        )
        path = upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else None
        scan(upload.file, path, settings.LOTSE_MALWARE_SCANNER)
    except Refused as refused:
        raise refused_error(refused) from None
    upload.file.seek(0)
    return inspected


def _checked_links(
    *, case: Case, kind: str, family_member: FamilyMember | None, translation_of: Document | None
) -> None:
    if kind not in DocumentKind.values:
        raise DomainError(DocumentError.WRONG_KIND, field="kind")
    if kind in FAMILY_KINDS and family_member is None:
        raise DomainError(DocumentError.FAMILY_MEMBER_NEEDED, field="family_member")
    if family_member is not None and family_member.case_id != case.pk:
        raise DomainError(DocumentError.NOT_OF_THIS_CASE, field="family_member")
    if kind == TRANSLATION and translation_of is None:
        raise DomainError(DocumentError.TRANSLATION_NEEDS_ORIGINAL, field="translation_of")
    if translation_of is not None and translation_of.case_id != case.pk:
        raise DomainError(DocumentError.NOT_OF_THIS_CASE, field="translation_of")


def document_upload(
    *,
    case: Case,
    kind: str,
    upload: UploadedFile,
    actor: Membership | None = None,
    link: UploadLink | None = None,
    language: str = "",
    family_member: FamilyMember | None = None,
    translation_of: Document | None = None,
) -> Document:
    """Add `upload` to `case` as a document of `kind`, by a member (`actor`) or through the
    worker's upload `link`; a newer version replaces the current one."""
    if link is not None:
        if link.case_id != case.pk or not link.usable(clock.now()):
            raise DomainError(DocumentError.NOT_YOURS)
        if case.state not in UPLOADABLE:
            raise DomainError(CaseError.WRONG_STATE)
    else:
        _enforce(document_can_upload(actor=actor, case=case))
    _checked_links(case=case, kind=kind, family_member=family_member, translation_of=translation_of)
    case.__dict__.pop("_current_documents", None)  # the caller's case reads its documents anew
    inspected = inspected_upload(upload)
    storage_name = f"documents/{case.pk}/{uuid.uuid4().hex}.{EXTENSION[inspected.kind]}"
    stored = default_storage.save(storage_name, upload.file)
    try:
        with transaction.atomic():
            return _record(
                case=case,
                actor=actor,
                link=link,
                kind=kind,
                inspected=inspected,
                stored=stored,
                file_name=upload.name,
                language=language,
                family_member=family_member,
                translation_of=translation_of,
            )
    except BaseException:
        default_storage.delete(stored)
        raise


def _record(
    *,
    case,
    actor,
    link,
    kind,
    inspected,
    stored,
    file_name,
    language,
    family_member,
    translation_of,
):
    case = Case.objects.select_for_update().get(pk=case.pk)
    previous = (
        Document.objects.select_for_update()
        .filter(
            case=case,
            kind=kind,
            family_member=family_member,
            translation_of=translation_of,
            replaced_by__isnull=True,
        )
        .first()
    )
    document = Document.objects.create(
        case=case,
        kind=kind,
        family_member=family_member,
        translation_of=translation_of,
        language=language,
        version=previous.version + 1 if previous else 1,
        file_name=file_name,
        storage_name=stored,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        pages=inspected.pages,
        width=inspected.width,
        height=inspected.height,
        uploaded_by=actor.user if actor else None,
        uploaded_via=link,
    )
    if previous is not None:
        previous.replaced_by = document
        previous.save(update_fields=["replaced_by"])
    event_append(
        case=case,
        actor=actor,
        type=EventType.DOCUMENT_UPLOADED,
        payload={
            "document": str(document.pk),
            "kind": kind,
            "version": document.version,
            "replaces": str(previous.pk) if previous else None,
            "family_member": str(family_member.pk) if family_member else None,
            "translation_of": str(translation_of.pk) if translation_of else None,
            "language": language,
            "content_type": inspected.content_type,
            "size": inspected.size,
            "sha256": inspected.sha256,
            "file_name": file_name,
            "link": str(link.pk) if link else None,
        },
    )
    return document


def target_title_choose(*, case: Case, actor: Membership, pathway: str) -> Case:
    """The company chooses the residence title it applies for in the worker's name (§ 81a Abs. 1
    AufenthG); the chamber's adviser may propose one. The checklist follows it."""
    from lotse.documents.checklist import case_checklist

    _enforce(document_can_upload(actor=actor, case=case))
    if pathway not in case_checklist(case=case).possible:
        raise DomainError(DocumentError.TITLE_NOT_POSSIBLE, field="target_title")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        old = case.target_title
        if old != pathway:
            case.target_title = pathway
            case.save(update_fields=["target_title", "updated_at"])
            event_append(
                case=case,
                actor=actor,
                type=EventType.TARGET_TITLE_CHOSEN,
                payload={
                    "old": old,
                    "new": pathway,
                    "proposed": acts_for_chamber(actor, case),
                },
            )
    return case


def return_answer_by_link(*, link: UploadLink, text: str) -> None:
    """The worker answers the chamber's return for completion through the upload link."""
    from lotse.cases import events, notifications

    if not text.strip():
        raise DomainError(CaseError.REASON_REQUIRED, field="text")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=link.case_id)
        if not link.usable(clock.now()):
            raise DomainError(DocumentError.NOT_YOURS)
        if case.state != CaseState.RETURNED:
            raise DomainError(CaseError.WRONG_STATE)
        event = events.event_return_answered(
            case=case, actor=None, text=text.strip(), link=str(link.pk)
        )
        notifications.notify(event)
