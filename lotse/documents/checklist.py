"""A case's live checklist: what the chosen residence title needs, what is there, what is missing.

The mandatory documents come from the pre-check's own rule (`lotse.precheck.checklist`, not a
second copy). The **target title** is the pathway the § 81a agreement is sought for: the company
chooses it, applying in the worker's name (§ 81a Abs. 1 AufenthG); until it does, the default is
an open pathway needing the fewest documents (else one undecided only by steps the procedure
obtains). Which documents need a translation is the region's data (`regions/<name>/documents.yaml`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from django.utils import translation

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
    """The checklist of `case` on `on` (today), over its current documents."""
    day = on or clock.today()
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


def _current_documents(case: Case) -> dict:
    """The worker's current documents by kind, and translations by (TRANSLATION, original id)."""
    found: dict = {}
    for document in Document.objects.filter(
        case=case, replaced_by__isnull=True, family_member__isnull=True
    ).order_by("uploaded_at"):
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
