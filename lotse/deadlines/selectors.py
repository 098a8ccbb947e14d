"""A case's clocks, computed from its log: the statutory ones (`statutory.yaml`) and the recognition
body's (`recognition.py`), each a fold of the events it names (`clocks.clock_run`).

Only the day of each event counts (Europe/Berlin, as `core.clock.today`). Clocks about one person
(the visa, § 81a Abs. 4 AufenthG) run once per person named in the events' payload.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db.models.fields.json import KT
from django.db.models.functions import TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Case, CaseEvent
from lotse.cases.panels import TimelineEntry
from lotse.cases.states import ENDED
from lotse.core import clock as platform_clock
from lotse.deadlines.clocks import (
    AS_A_RULE,
    EXPIRED,
    MET,
    MUST,
    PAUSED,
    PRACTICE,
    RUNNING,
    TARGET,
    Clock,
    Run,
    clock_run,
    statutory_clocks,
)
from lotse.deadlines.recognition import (
    APPLIED,
    CATEGORY_OF_CHAMBER,
    recognition_clocks,
    seat_land,
)

LABELS = {
    "agency_consent": _("Consent of the Federal Employment Agency (§ 36 Abs. 2 S. 2 BeschV)"),
    "authority_invitation": _("The authority invites the employer (§ 81a Abs. 3 S. 1 Nr. 3)"),
    "visa_appointment": _("Visa appointment at the mission abroad"),
    "visa_decision": _("Decision on the visa"),
    "employment_end_notice": _("The employer reports the early end of employment"),
    "recognition_receipt_confirmation": _("The recognition body confirms receipt"),
    "recognition_decision": _("The recognition body decides"),
    "recognition_answer": _("The recognition body answers (its stated practice)"),
}
STRENGTHS = {
    MUST: _("binding period"),
    AS_A_RULE: _("as a rule"),
    TARGET: _("target"),
    PRACTICE: _("the body's practice, not a statutory period"),
}
STATES = {
    RUNNING: _("running"),
    MET: _("met"),
    EXPIRED: _("expired"),
    PAUSED: _("paused"),
}
# The party of the work list (`cases.next_step.Party`) that owes each statutory clock.
PARTY = {"employment_agency": "agency", "authority": "authority", "company": "company"}


@dataclass
class CaseClock:
    """One clock's latest run in one case, for one person ("" for the case as a whole)."""

    clock: Clock
    person: str
    run: Run

    @property
    def open(self) -> bool:
        """Neither met nor paused: the clock's end is a date someone has to keep."""
        return self.run.met is None and self.run.state(datetime.date.min) != PAUSED

    @property
    def party(self) -> str | None:
        return PARTY.get(self.clock.who)


ClockEvent = tuple  # (event type, day, payload)


@lru_cache(maxsize=1)
def watched_types() -> frozenset[str]:
    """Every event type a statutory or recognition clock reads."""
    types = {APPLIED}
    for item in statutory_clocks().values():
        types |= item.starts | item.starts_when_all | item.stops | item.restarts
        types |= item.pauses | item.resumes | item.extends
    types |= {
        "recognition.receipt_confirmed",
        "recognition.evidence_requested",
        "recognition.documents_received",
        "recognition.extended",
        "recognition.decided",
    }
    return frozenset(types)


def _day(at: datetime.datetime) -> datetime.date:
    return at.astimezone(platform_clock.BERLIN).date()


def clock_events(case_ids: list) -> dict:
    """(event type, day, payload) per case id, in log order, of the events a clock reads; one
    query for all `case_ids`."""
    found = defaultdict(list)
    rows = (
        CaseEvent.objects.filter(case_id__in=case_ids, type__in=watched_types())
        .order_by("case_id", "seq")
        .values_list("case_id", "type", "at", "payload")
    )
    for case_id, kind, at, payload in rows:
        found[case_id].append((kind, _day(at), payload))
    return found


def _recognition(on: datetime.date, region: str, occupation: str, category: str):
    return recognition_clocks(
        on=on, region=region, occupation=occupation or None, category=category or None
    )


def _persons(clock: Clock, events: list[ClockEvent]) -> list[str]:
    names = clock.starts | clock.starts_when_all
    persons = []
    for kind, _when, payload in events:
        person = str((payload or {}).get("person", "worker"))
        if kind in names and person not in persons:
            persons.append(person)
    return persons


def _of_person(events: list[ClockEvent], person: str) -> list[ClockEvent]:
    return [e for e in events if str((e[2] or {}).get("person", "worker")) == person]


def clock_runs(events: list[ClockEvent], *, region: str, chamber_kind: str = "") -> list[CaseClock]:
    """Every clock that has started in a log of (event type, day, payload), each counted with
    the holidays of its owner's seat (`recognition.seat_land`: the region's Land unless the
    region's data seat the owner elsewhere)."""
    saturday = settings.LOTSE_SATURDAY_COUNTS
    present = {kind for kind, *_rest in events}
    runs = []
    for item in statutory_clocks().values():
        if present.isdisjoint(item.starts | item.starts_when_all):
            continue  # never started: no need to fold
        persons = _persons(item, events) if item.per_person else [""]
        own_land = seat_land(item.who, region)
        for person in persons:
            own = _of_person(events, person) if item.per_person else events
            run = clock_run(item, own, own_land, saturday)
            if run is not None:
                runs.append(CaseClock(item, person, run))
    applied = next((e for e in events if e[0] == APPLIED), None)
    if applied is not None:
        payload = applied[2] or {}
        occupation = str(payload.get("occupation") or "")
        category = str(payload.get("category") or "")
        if not occupation and not category:
            category = CATEGORY_OF_CHAMBER.get(chamber_kind, "")
        # neither named nor to be told from the chamber: no body, so no recognition clock
        clocks, body_land = (
            _recognition(applied[1], region, occupation, category)
            if occupation or category
            else ([], "")
        )
        for item in clocks:
            run = clock_run(item, events, body_land, saturday)
            if run is not None:
                runs.append(CaseClock(item, "", run))
    return runs


# The payload keys a clock reads (the person of a visa clock, the occupation or category of a
# recognition, the day an employment ended); the rest of a payload is never loaded for clocks.
PAYLOAD_KEYS = ("person", "occupation", "category", "date")


def open_case_clocks(chunk: int = 20_000):
    """(case id, its clock runs) for every open case with a clock event: one streamed query over
    the watched events (only the payload keys clocks read, extracted by the database) and one
    over the open cases' region and chamber. A system read for the scheduled jobs and the
    benchmark: it does not start from `visible_to`, as no person sees the result as such."""
    open_cases = Case.objects.exclude(state__in=ENDED)
    places = {
        pk: (region, kind or "")
        for pk, region, kind in open_cases.values_list("pk", "company__region", "chamber__kind")
    }
    extracted = {key: KT(f"payload__{key}") for key in PAYLOAD_KEYS}
    rows = (
        CaseEvent.objects.filter(type__in=watched_types(), case__in=open_cases)
        .annotate(day=TruncDate("at", tzinfo=platform_clock.BERLIN), **extracted)
        .order_by("case_id", "seq")
        .values_list("case_id", "type", "day", *PAYLOAD_KEYS)
        .iterator(chunk_size=chunk)
    )
    current, events = None, []
    for case_id, kind, day, *values in rows:
        if case_id != current:
            if events:
                yield current, _runs_of(current, events, places)
            current, events = case_id, []
        payload = {key: value for key, value in zip(PAYLOAD_KEYS, values, strict=True) if value}
        events.append((kind, day, payload))
    if events:
        yield current, _runs_of(current, events, places)


def _runs_of(case_id, events: list, places: dict) -> list[CaseClock]:
    region, chamber_kind = places[case_id]
    return clock_runs(events, region=region, chamber_kind=chamber_kind)


def case_clock_runs(case: Case, log: list | None = None) -> list[CaseClock]:
    """The case's clocks, from its log (`log`: its events, read already; else one query), plus
    the company and the chamber if not loaded. Folded once per case object and log: the case
    page's clock section and its timeline both ask."""
    if log is not None:
        folded = case.__dict__.get("_clock_runs")
        if folded is not None and folded[0] is log and folded[1] == len(log):
            return folded[2]
        runs = _clock_runs_of(case, log)
        case.__dict__["_clock_runs"] = (log, len(log), runs)
        return runs
    return _clock_runs_of(case, None)


def _clock_runs_of(case: Case, log: list | None) -> list[CaseClock]:
    if log is not None:
        watched = watched_types()
        events = [(e.type, _day(e.at), e.payload) for e in log if e.type in watched]
    else:
        events = clock_events([case.pk]).get(case.pk, [])
    if not events:
        return []
    region = case.company.region
    chamber_kind = case.chamber.kind if case.chamber_id else ""
    return clock_runs(events, region=region, chamber_kind=chamber_kind)


def due_of(runs: list[CaseClock], party: str | None) -> datetime.date | None:
    """The earliest end among the open clocks the acting party owes; where it owes none, the
    earliest of the case's open clocks."""
    open_runs = [r for r in runs if r.open]
    own = [r for r in open_runs if party is not None and r.party == party]
    chosen = own or open_runs
    return min((r.run.end for r in chosen), default=None)


def case_due(case: Case, party: str | None, events: list | None = None) -> datetime.date | None:
    """The work list's due date (`NextStep.due`): registered with `cases.projections`;
    `events` the case's log where the caller read it already."""
    return due_of(case_clock_runs(case, events), party)


def clock_view(item: CaseClock, today: datetime.date) -> dict:
    """One clock as the case page shows it."""
    run, clock = item.run, item.clock
    state = run.state(today)
    return {
        "id": clock.id,
        "label": LABELS.get(clock.id, clock.id),
        "person": item.person,
        "started": run.started,
        "pauses": run.pauses,
        "end": run.end,
        "met": run.met,
        "late": run.late,
        "extended": run.extended,
        "state": state,
        "state_label": STATES[state],
        "strength": STRENGTHS.get(clock.strength, clock.strength),
        "binding": clock.binding,
        "basis": clock.basis,
        "unconfirmed": clock.date_unconfirmed,
    }


def clocks_panel(case: Case, view, membership, events: list) -> dict | None:
    """The case page's section of running and past clocks (stage facts: every reader sees them)."""
    runs = case_clock_runs(case, events)
    if not runs:
        return None
    today = platform_clock.today()
    views = sorted(
        (clock_view(r, today) for r in runs), key=lambda v: (v["met"] is not None, v["end"])
    )
    return {"clocks": views, "today": today}


def clock_timeline(case: Case, view, events: list) -> list[TimelineEntry]:
    """Each clock's start, pauses and end as lines of the case's timeline (issue 17), from the
    runs the clock section folded from the page's log (no query). A period's end still to come
    closes the timeline; a met period shows on the day it was met, with its end beside it."""
    today = platform_clock.today()
    lines = []
    for item in case_clock_runs(case, events):
        run, clock = item.run, item.clock
        name = str(LABELS.get(clock.id, clock.id))
        if item.person and item.person != "worker":
            name = gettext("%(clock)s (family member)") % {"clock": name}
        words = {"clock": name, "end": date_format(run.end, "SHORT_DATE_FORMAT")}
        basis = f"{clock.basis} · {STRENGTHS.get(clock.strength, clock.strength)}"
        lines.append(
            TimelineEntry(
                run.started,
                gettext("Period starts: %(clock)s") % words,
                gettext("Ends on %(end)s") % words + f" ({basis})",
                "clock-start",
                rank=0,
            )
        )
        for began, ended in run.pauses:
            lines.append(
                TimelineEntry(
                    began, gettext("Period paused: %(clock)s") % words, "", "clock-pause", 1
                )
            )
            if ended is not None:
                lines.append(
                    TimelineEntry(
                        ended,
                        gettext("Period runs again: %(clock)s") % words,
                        gettext("Ends on %(end)s") % words,
                        "clock-resume",
                        2,
                    )
                )
        state = run.state(today)
        extended = gettext(" (extended once)") if run.extended else ""
        if state == MET:
            detail = gettext("Its end: %(end)s") % words + extended
            if run.late:
                detail += " · " + gettext("late")
            lines.append(
                TimelineEntry(
                    run.met, gettext("Period met: %(clock)s") % words, detail, "clock-met", 3
                )
            )
        elif state != PAUSED:
            if state == EXPIRED:
                label = gettext("Period expired: %(clock)s") % words
            else:
                label = gettext("Period ends: %(clock)s") % words
            lines.append(TimelineEntry(run.end, label, basis + extended, f"clock-{state}", 3))
    return lines
