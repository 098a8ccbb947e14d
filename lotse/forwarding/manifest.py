"""The submission's manifest: versioned JSON, frozen at forwarding.

It holds what the authority's need to know allows (`cases/need_to_know.py`: the competent
authority sees the whole dossier but not the read log), the pre-check result with its reasons,
the checklist, and every document with its SHA-256 and its path in the dossier ZIP. Version 1's
keys: `version`, `submission`, `case` {id, reference, state}, `destination` {key, name}, `rule`,
`forwarded_at`, `case_data`, `family`, `precheck`, `checklist`, `documents` [{id, kind, label,
version, family_member, language, file_name, content_type, size, sha256, path}].
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

from lotse.cases.need_to_know import Audience, as_json, case_values, project, view_of
from lotse.cases.prechecks import latest_assessment
from lotse.core import clock
from lotse.documents.checklist import case_checklist

MANIFEST_VERSION = 1
AUTHORITY = view_of(Audience.AUTHORITY)
FAMILY_KEYS = ("relation", "first_name", "last_name", "birth_date", "qualification", "career")


def _plain(data):
    """JSON values only (dates as ISO text, amounts as decimal text, never floats)."""
    return json.loads(json.dumps(as_json(data), cls=DjangoJSONEncoder))


def document_path(index: int, document) -> str:
    """The document's entry in the ZIP: numbered, by kind and version (never the client's name,
    which may name the worker and may be anything)."""
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        document.content_type, "bin"
    )
    return f"documents/{index:02d}-{document.kind}-v{document.version}.{extension}"


def _document_entry(index: int, document) -> dict:
    return {
        "id": str(document.pk),
        "kind": document.kind,
        "label": document.get_kind_display(),
        "version": document.version,
        "family_member": str(document.family_member_id) if document.family_member_id else None,
        "language": document.language,
        "file_name": document.file_name,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "path": document_path(index, document),
    }


def _checklist(case) -> dict:
    checklist = case_checklist(case=case)
    return {
        "target": checklist.target,
        "complete": checklist.complete,
        "rows": [
            {
                "kind": row.kind,
                "label": row.label,
                "present": row.present,
                "translation_needed": row.translation_needed,
                "complete": row.complete,
            }
            for row in checklist.rows
        ],
        "gaps": checklist.gaps,
    }


def manifest_build(*, submission, documents: list) -> dict:
    case = submission.case
    family = [
        project(AUTHORITY, "family", {key: getattr(member, key) for key in FAMILY_KEYS})
        | {"id": str(member.pk)}
        for member in case.family.order_by("created_at", "pk")
    ]
    assessment = latest_assessment(case=case)
    return _plain(
        {
            "version": MANIFEST_VERSION,
            "submission": str(submission.pk),
            "case": {"id": str(case.pk), "reference": case.reference, "state": case.state},
            "destination": {
                "key": submission.destination.key,
                "name": submission.destination.name,
            },
            "rule": submission.rule,
            "forwarded_at": clock.now(),
            "case_data": case_values(AUTHORITY, case),
            "family": family,
            "precheck": project(AUTHORITY, "assessment", assessment) if assessment else None,
            "checklist": _checklist(case),
            "documents": [_document_entry(i, d) for i, d in enumerate(documents, start=1)],
        }
    )
