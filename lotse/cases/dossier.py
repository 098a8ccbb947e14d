"""The case's documents as `cases` needs them (the return's gaps, the forward guard), answered by
the documents app above it: `lotse.documents` registers its checklist here from its
`AppConfig.ready()`, so `cases` imports nothing above it. Without it a case has no gaps.

A gap is a dict {"kind": <document kind>, "missing": "document" | "translation"} (stored in the
return's event as such; the label is looked up when shown, in the reader's language).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lotse.cases.event_types import EventType


@dataclass
class Source:
    gaps: Callable  # (case) -> list[dict]
    label: Callable  # (kind) -> str


_SOURCE: list[Source] = []


def source_register(source: Source) -> None:
    _SOURCE[:] = [source]


def dossier_gaps(case) -> list[dict]:
    """What the case's checklist for its target title still misses."""
    return _SOURCE[0].gaps(case) if _SOURCE else []


def gap_text(gap: dict) -> str:
    """One gap in the reader's language ("Employment contract …" / "Translation of: …")."""
    label = _SOURCE[0].label(gap.get("kind", "")) if _SOURCE else gap.get("kind", "")
    if gap.get("missing") == "translation":
        return _("Translation of: %(document)s") % {"document": label}
    return str(label)


# The events that change what a pre-check judges: the facts, the target title, the documents.
FACT_EVENTS = frozenset(
    {
        EventType.CASE_CREATED,
        EventType.CASE_UPDATED,
        EventType.FAMILY_ADDED,
        EventType.FAMILY_REMOVED,
        EventType.TARGET_TITLE_CHOSEN,
        EventType.DOCUMENT_UPLOADED,
    }
)

MISSING, STALE, CURRENT = "missing", "stale", "current"


def precheck_standing(events) -> str:
    """The chamber's pre-check over the case's log: "missing" (never run), "stale" (the facts or
    documents changed after it) or "current"."""
    last_fact = max((e.seq for e in events if e.type in FACT_EVENTS), default=0)
    last_check = max((e.seq for e in events if e.type == EventType.PRECHECK_RUN), default=0)
    if not last_check:
        return MISSING
    return CURRENT if last_check > last_fact else STALE


def case_precheck_standing(case) -> str:
    """`precheck_standing` of `case`, reading only the two sequence numbers it needs."""
    from django.db.models import Max, Q

    seqs = case.events.aggregate(
        fact=Max("seq", filter=Q(type__in=FACT_EVENTS)),
        check=Max("seq", filter=Q(type=EventType.PRECHECK_RUN)),
    )
    if not seqs["check"]:
        return MISSING
    return CURRENT if seqs["check"] > (seqs["fact"] or 0) else STALE
