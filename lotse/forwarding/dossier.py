"""The dossier: one ZIP streamed on request from a submission's frozen files, never built in memory.

Entries, all stored (no compression: PDFs and images are compressed already, and a stored entry
lets the ZIP's length be known before the first byte, `Content-Length`):

- `cover.pdf`: case data, the pre-check result with its reasons, the checklist, and an index of
  the documents with their SHA-256 (reportlab, the shipped DejaVu font, `core.pdf.shaped` for
  right-to-left names);
- `manifest.json`: the submission's manifest as frozen;
- `documents/NN-kind-vV.ext`: every document, byte for byte; each is hashed while it streams, and
  a file whose SHA-256 no longer matches the manifest breaks the stream (`DossierCorrupt`) rather
  than hand the authority a changed document.
"""

import hashlib
import io
import json
from collections.abc import Iterator

from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from zipstream import ZIP_STORED, ZipStream

from lotse.cases.intake import INTAKE_FIELDS
from lotse.cases.models import Case
from lotse.core.pdf import PageWriter
from lotse.forwarding.models import Submission

CHUNK = 256 * 1024


class DossierCorrupt(Exception):
    """A stored file no longer matches the SHA-256 the manifest froze."""


def _label(name: str) -> str:
    try:
        return str(Case._meta.get_field(name).verbose_name)
    except Exception:  # a key that is no column (never expected): its name
        return name


_Cover = PageWriter  # the cover is a flowing page (`core.pdf`)


def _value(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_value(item)}" for key, item in value.items())
    return str(value)


def _precheck(cover: _Cover, precheck: dict | None, language: str) -> None:
    cover.line(_("Pre-check result"), size=13, bold=True)
    if not precheck:
        cover.line(_("No pre-check was run."))
        return
    cover.line(_("Outcome: %(outcome)s") % {"outcome": precheck.get("outcome", "—")})
    for pathway in precheck.get("pathways", []):
        label = (pathway.get("label") or {}).get(language) or pathway.get("title", "")
        state = {True: _("open"), False: _("closed"), None: _("undecided")}[pathway.get("open")]
        cover.line(f"{label}: {state}", bold=True, indent=4 * mm)
        for condition in pathway.get("conditions", []) + pathway.get("law", []):
            explanation = (condition.get("explanation") or {}).get(language, "")
            cover.line(
                f"[{condition.get('status', '')}] {explanation} ({condition.get('citation', '')})",
                size=9,
                indent=8 * mm,
            )


def cover_pdf(manifest: dict, *, language: str = "de") -> bytes:
    """The cover page of a dossier, in `language`, from its frozen manifest."""
    buffer = io.BytesIO()
    with translation.override(language):
        cover = _Cover(buffer, _("Dossier %(reference)s") % manifest["case"])
        cover.line(_("Dossier %(reference)s") % manifest["case"], size=16, bold=True)
        cover.line(
            _("Accelerated skilled-worker procedure (§ 81a AufenthG), forwarded to %(name)s")
            % manifest["destination"]
        )
        cover.line(
            _("Submission %(id)s, forwarded %(at)s")
            % {
                "id": manifest["submission"],
                "at": manifest["forwarded_at"],
            }
        )
        cover.gap(10)
        cover.line(_("Case data"), size=13, bold=True)
        data = manifest.get("case_data", {})
        for name in INTAKE_FIELDS:
            if name in data:
                cover.line(f"{_label(name)}: {_value(data[name])}", indent=4 * mm)
        for member in manifest.get("family", []):
            cover.line(
                _("Family member: %(first)s %(last)s (%(relation)s), born %(born)s")
                % {
                    "first": _value(member.get("first_name")),
                    "last": _value(member.get("last_name")),
                    "relation": _value(member.get("relation")),
                    "born": _value(member.get("birth_date")),
                },
                indent=4 * mm,
            )
        cover.gap(10)
        _precheck(cover, manifest.get("precheck"), language)
        cover.gap(10)
        cover.line(_("Checklist"), size=13, bold=True)
        for row in (manifest.get("checklist") or {}).get("rows", []):
            state = _("present") if row["complete"] else _("missing")
            cover.line(f"{row['label']}: {state}", indent=4 * mm)
        cover.gap(10)
        cover.line(_("Documents (SHA-256)"), size=13, bold=True)
        for entry in manifest.get("documents", []):
            cover.line(f"{entry['path']} — {entry['label']} v{entry['version']}", indent=4 * mm)
            cover.line(entry["sha256"], size=8, indent=8 * mm)
        cover.finish()
    return buffer.getvalue()


def _verified(storage_name: str, sha256: str) -> Iterator[bytes]:
    """The stored file in chunks, hashed on the way; a mismatch at its end breaks the stream."""
    digest = hashlib.sha256()
    with default_storage.open(storage_name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            yield chunk
    if digest.hexdigest() != sha256:
        raise DossierCorrupt(storage_name)


def dossier_zip(submission: Submission, *, language: str = "de") -> ZipStream:
    """A submission's dossier as a sized, stored ZIP stream; iterate it to send it (`len()` is its
    length)."""
    stored = {str(pk): name for pk, name in submission.documents.values_list("pk", "storage_name")}
    return dossier_stream(manifest=submission.manifest, stored=stored, language=language)


def dossier_stream(*, manifest: dict, stored: dict[str, str], language: str = "de") -> ZipStream:
    """The ZIP of `manifest` whose documents are the files `stored` names (document id → storage
    name); nothing is read before the stream is iterated, and each file a chunk at a time."""
    stream = ZipStream(compress_type=ZIP_STORED, sized=True)
    stream.add(cover_pdf(manifest, language=language), "cover.pdf")
    stream.add(json.dumps(manifest, ensure_ascii=False, indent=2).encode(), "manifest.json")
    for entry in manifest.get("documents", []):
        stream.add(
            _verified(stored[entry["id"]], entry["sha256"]), entry["path"], size=entry["size"]
        )
    return stream
