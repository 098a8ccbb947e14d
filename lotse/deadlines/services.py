"""What the clocks make the platform do: the deemed consent's expiry, reminders, escalation.

Every function here is run by `periodic` (`deadlines/jobs.py`) and is idempotent: a second run
right after the first finds nothing to do.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from lotse.cases import notifications
from lotse.cases.event_types import EventType
from lotse.cases.events import event_consent_week_expired
from lotse.cases.models import Case, CaseEvent, Participant, ParticipantRole, Track
from lotse.cases.tracks import CASE_AS_A_WHOLE, TrackKind, TrackState
from lotse.core import clock
from lotse.deadlines.clocks import EXPIRED
from lotse.deadlines.selectors import CaseClock, case_clock_runs

AGENCY_CONSENT = "agency_consent"


def _consent_run(case: Case) -> CaseClock | None:
    return next((r for r in case_clock_runs(case) if r.clock.id == AGENCY_CONSENT), None)


def consent_weeks_expire(*, today: datetime.date | None = None) -> int:
    """Mark every case whose Federal Employment Agency let its week pass without an answer on
    the platform, and ask the authority to confirm the deemed consent; returns how many.

    § 36 Abs. 2 S. 2 BeschV: in a § 81a case the consent counts as given if the agency has not
    answered within one week (unless it asked for information within it, which stops the
    clock). The agency may have answered outside the platform, so the platform does not write
    the consent itself: it writes the week's end as an event (once per case) and tells the
    authority's named contact, who confirms the deemed consent or records the answer. A system
    job over all cases: it does not start from `visible_to`, as no person reads the result.
    """
    today = today or clock.today()
    waiting = Track.objects.filter(
        kind=TrackKind.CONSENT, person=CASE_AS_A_WHOLE, state=TrackState.REQUESTED
    ).exclude(
        case__events__type=EventType.CONSENT_WEEK_EXPIRED,
    )
    marked = 0
    for case_id in waiting.values_list("case_id", flat=True).iterator():
        marked += consent_week_expire(case_id=case_id, today=today)
    return marked


@transaction.atomic
def consent_week_expire(*, case_id, today: datetime.date) -> int:
    """Write the expiry of one case's consent week if it has passed and is not written yet
    (under the case's row lock, so two runs at once write it once); 1 if written, else 0."""
    case = Case.objects.select_for_update().select_related("company", "chamber").get(pk=case_id)
    if CaseEvent.objects.filter(case=case, type=EventType.CONSENT_WEEK_EXPIRED).exists():
        return 0
    run = _consent_run(case)
    if run is None or run.run.state(today) != EXPIRED:
        return 0
    authority = (
        Participant.objects.filter(case=case, role=ParticipantRole.AUTHORITY)
        .order_by("pk")
        .values_list("organisation__key", flat=True)
        .first()
    )
    event = event_consent_week_expired(
        case=case,
        ended=run.run.end.isoformat(),
        basis=run.clock.basis,
        authority=authority or "",
    )
    notifications.notify(event)
    return 1
