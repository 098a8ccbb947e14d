"""A case's live checklist: what the chosen residence title needs, what is there, what is missing.

The mandatory documents come from the pre-check's own rule (`lotse.precheck.checklist`, not a
second copy). The **target title** is the pathway the § 81a agreement is sought for: the company
chooses it, applying in the worker's name (§ 81a Abs. 1 AufenthG); until it does, the default is
an open pathway needing the fewest documents (else one undecided only by steps the procedure
obtains). Which documents need a translation is the region's data (`regions/<name>/documents.yaml`).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from django.utils import translation

from lotse.cases.event_types import EventType
from lotse.cases.models import Case
from lotse.cases.prechecks import precheck_input_for
from lotse.core import clock
from lotse.documents.kinds import PRECHECK_LABELS, TRANSLATION
from lotse.documents.models import Document
from lotse.precheck import ParameterUnavailable, assess
from lotse.routing.region import regions_dir

STEP = "outstanding_step"


@dataclass(frozen=True)
class TranslationRule:
    accepted_languages: frozenset[str]
    into: str
    documents: frozenset[str]


@lru_cache(maxsize=8)
def translation_rule(region: str) -> TranslationRule:
    path = regions_dir() / region / "documents.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    rule = (data or {}).get("translations") or {}
    return TranslationRule(
        accepted_languages=frozenset(rule.get("accepted_languages", ["de"])),
        into=rule.get("into", "de"),
        documents=frozenset(rule.get("documents", [])),
    )


@dataclass
class Row:
    kind: str
    document: Document | None
    translation: Document | None = None
    translation_needed: bool = False

    @property
    def label(self) -> str:
        return str(PRECHECK_LABELS[self.kind])

    @property
    def present(self) -> bool:
        return self.document is not None

    @property
    def complete(self) -> bool:
        return self.present and (not self.translation_needed or self.translation is not None)


@dataclass
class Checklist:
    target: str | None  # the pathway the list follows (None: no pathway possible)
    chosen: bool  # the company chose it (else the default)
    possible: list[str]  # pathways a § 81a agreement can be sought for
    variant: str | None = None
    rows: list[Row] = field(default_factory=list)

    @property
    def gaps(self) -> list[dict]:
        """What is missing, as data: a document, or the translation of one."""
        found = []
        for row in self.rows:
            if not row.present:
                found.append({"kind": row.kind, "missing": "document"})
            elif row.translation_needed and row.translation is None:
                found.append({"kind": row.kind, "missing": "translation"})
        return found

    @property
    def complete(self) -> bool:
        return self.target is not None and not self.gaps


def possible_pathways(assessment) -> list[str]:
    """Open pathways, then those undecided only by steps the procedure itself obtains."""
    waiting_for_more: set[str] = set()
    for entry in assessment.decided_by:
        if entry["kind"] != STEP:
            waiting_for_more.update(entry["pathways"])
    undecided = [
        p.id for p in assessment.pathways if p.open is None and p.id not in waiting_for_more
    ]
    return [p.id for p in assessment.pathways if p.open is True] + undecided


def case_checklist(*, case: Case, on: datetime.date | None = None) -> Checklist:
    """The checklist of `case` on `on` (today), over its current documents. On the case page
    (the case holds the log the page read) it is made once: the documents' section, the
    forwarding's guard and its form all ask."""
    day = on or clock.today()
    if "_timeline" not in case.__dict__:
        return _checklist(case, day)
    made = case.__dict__.get("_checklist")
    if made is None or made[0] != day:
        made = case.__dict__["_checklist"] = (day, _checklist(case, day))
    return made[1]


def _checklist(case: Case, day: datetime.date) -> Checklist:
    case_input = precheck_input_for(case=case, on=day).model_copy(update={"documents": []})
    try:
        assessment = assess(case_input)
    except ParameterUnavailable:
        return Checklist(target=None, chosen=False, possible=[])
    possible = possible_pathways(assessment)
    # the engine lists documents for every pathway not closed, so for each possible one
    lists = assessment.checklist
    chosen = bool(case.target_title) and case.target_title in possible
    if chosen:
        target = case.target_title
    else:
        target = min(possible, key=lambda pid: len(lists[pid][1]), default=None)
    if target is None:
        return Checklist(target=None, chosen=False, possible=possible)
    variant, needed = lists[target]
    documents = _current_documents(case)
    rule = translation_rule(case.company.region)
    rows = []
    for kind in sorted(needed, key=list(PRECHECK_LABELS).index):
        document = documents.get(kind)
        row = Row(kind=kind, document=document)
        if document is not None and kind in rule.documents:
            row.translation_needed = document.language not in rule.accepted_languages
            row.translation = documents.get((TRANSLATION, document.pk))
        rows.append(row)
    return Checklist(target=target, chosen=chosen, possible=possible, variant=variant, rows=rows)


def current_documents(case: Case) -> list[Document]:
    """Every current document of `case` (the family's and translations too). Where the case page
    read the case's log already, from the log, once per case object (the checklist, the page's
    list and its forms ask it); otherwise from the rows."""
    read = case.__dict__.get("_current_documents")
    if read is None and case.__dict__.get("_timeline") is not None:
        read = case.__dict__["_current_documents"] = documents_from_log(case)
    if read is None:
        rows = Document.objects.filter(case=case, replaced_by__isnull=True)
        read = list(rows.select_related("family_member").order_by("uploaded_at"))
        by_id = {document.pk: document for document in read}
        for document in read:  # the original a translation translates, from the same read
            if document.translation_of_id in by_id:
                document.translation_of = by_id[document.translation_of_id]
    return read


def documents_from_log(case: Case) -> list[Document]:
    """The current documents as the case's log (read already by the page) records them: each
    upload is an event naming the document, its kind, language, links and what it replaces. The
    rows are not read; the documents are unsaved copies for showing."""
    family = getattr(case, "_prefetched_objects_cache", {}).get("family")
    members = {member.pk: member for member in family} if family is not None else None
    current: dict = {}
    for event in case.__dict__["_timeline"]:
        if event.type != EventType.DOCUMENT_UPLOADED:
            continue
        p = event.payload
        current.pop(p.get("replaces"), None)
        document = Document(
            id=p["document"],
            case_id=case.pk,
            kind=p["kind"],
            version=p.get("version") or 1,
            language=p.get("language") or "",
            content_type=p.get("content_type") or "",
            size=p.get("size") or 0,
            sha256=p.get("sha256") or "",
            family_member_id=p.get("family_member"),
            translation_of_id=p.get("translation_of"),
            uploaded_via_id=p.get("link"),
            uploaded_at=event.at,
        )
        if document.family_member_id and members is not None:
            document.family_member = members.get(uuid.UUID(document.family_member_id))
        current[p["document"]] = document
    read = list(current.values())
    for document in read:
        if document.translation_of_id in current:
            document.translation_of = current[document.translation_of_id]
    return read


def _current_documents(case: Case) -> dict:
    """The worker's current documents by kind, and translations by (TRANSLATION, original id)."""
    found: dict = {}
    for document in current_documents(case):
        if document.family_member_id is not None:
            continue
        if document.kind == TRANSLATION:
            found[(TRANSLATION, document.translation_of_id)] = document
        else:
            found[document.kind] = document
    return found


def pathway_label(pathway_id: str) -> str:
    """A pathway as the pre-check names it, in the active language ("§ 18a AufenthG (…)")."""
    from lotse.precheck.explain import label
    from lotse.precheck.rules import PATHWAYS

    lang = "en" if (translation.get_language() or "de").startswith("en") else "de"
    title = next((m.TITLE for m in PATHWAYS if m.ID == pathway_id), pathway_id)
    return f"{title} ({label('pathways', pathway_id, (lang,))[lang]})"


def checklist_gaps(case: Case) -> list[dict]:
    """The gaps of the case's checklist now (the return's and the forward guard's), as data."""
    return case_checklist(case=case).gaps
