"""Reads of submissions."""

from django.db.models import QuerySet

from lotse.cases.event_types import EventType
from lotse.cases.models import Case
from lotse.cases.need_to_know import Audience, View
from lotse.forwarding.models import RECEIVED, Submission
from lotse.orgs.models import Organisation


def inbox_for(*, organisation: Organisation, limit: int = 200) -> QuerySet[Submission]:
    """The submissions delivered to `organisation`, newest first (the authority's inbox). No
    `visible_to`: a submission's destination takes part in its case (`case_forward` made it a
    participant), so every row here is one of its own cases."""
    return (
        Submission.objects.filter(destination=organisation, state__in=RECEIVED)
        .select_related("case", "receipt")
        .order_by("-delivered_at", "-pk")[:limit]
    )


def new_submissions_for(*, organisation: Organisation) -> QuerySet[Submission]:
    """Delivered and not yet acknowledged: what the authority's own system fetches next."""
    return (
        Submission.objects.filter(destination=organisation, state="delivered")
        .select_related("case")
        .order_by("delivered_at", "pk")
    )


def sees_every_submission(view: View) -> bool:
    """The company and the chamber see each submission of the case; an authority (also one
    whose part ended: `View.until`) only those delivered to it."""
    whole = {Audience.COMPANY, Audience.CHAMBER, Audience.PLATFORM}
    return view.until is None and bool(view.audiences & whole)


def submissions_seen(*, case: Case, view: View, organisations) -> QuerySet[Submission]:
    """The delivered submissions of `case` whose dossier the reader (`view`, acting for
    `organisations`) may download, newest first: none without the whole dossier
    (`View.sees_all`), every one for the company and the chamber, and an authority's own."""
    if not view.sees_all:
        return Submission.objects.none()
    rows = Submission.objects.filter(case=case, state__in=RECEIVED)
    if not sees_every_submission(view):
        rows = rows.filter(destination_id__in=list(organisations))
    return rows.select_related("destination").order_by("-created_at", "-pk")


# what each event of a submission's life makes of it, for the case page's list
_STATE_AFTER = {
    EventType.SUBMISSION_DELIVERED: "delivered",
    EventType.DOSSIER_ACCEPTED: "accepted",
    EventType.DOSSIER_REJECTED: "rejected",
    EventType.SUBMISSION_FAILED: "failed",
}


def submissions_in(events: list, *, view: View, organisation_key: str | None) -> list[dict]:
    """The submissions the case page lists for download, read from the case's log as the page
    has it (no query; for a reader whose part ended, the log up to its end): id, destination,
    when forwarded and delivered, state; newest first, as `submissions_seen` answers them."""
    if not view.sees_all:
        return []
    rows: dict[str, dict] = {}
    for event in events:
        submission = event.payload.get("submission")
        if not submission:
            continue
        if event.type == EventType.DOSSIER_FORWARDED:
            rows[submission] = {
                "id": submission,
                "authority": event.payload.get("authority"),
                "authority_name": event.payload.get("authority_name", ""),
                "forwarded_at": event.at,
                "delivered_at": None,
                "state": "queued",
            }
        elif submission in rows and event.type in _STATE_AFTER:
            rows[submission]["state"] = _STATE_AFTER[event.type]
            if event.type == EventType.SUBMISSION_DELIVERED:
                rows[submission]["delivered_at"] = event.at
    every = sees_every_submission(view)
    return [
        row
        for row in reversed(rows.values())
        if row["state"] in RECEIVED and (every or row["authority"] == organisation_key)
    ]
