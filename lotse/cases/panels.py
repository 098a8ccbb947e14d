"""Sections of the case page that apps above `cases` contribute (the clocks, the forecast), and
lines they add to its timeline (each clock's start, pauses and end).

An app registers a template and a function that builds its context from the case, the reader's
view of it and their membership; `cases` renders them without importing the app. Both read the
case's log as the page read it, so neither asks a query for it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from lotse.core import clock


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    # (case, view, membership, events) -> dict, or None to leave the section out; `events` is the
    # case's log as the page read it (`selectors.case_timeline`), so a section asks no query for it
    context: Callable
    # shown also to a reader whose part in the case ended, built from the log up to its end
    # (`need_to_know.View.until`); a section that reads the case as it is now must not be
    as_seen: bool = False


_PANELS: dict[str, Panel] = {}


def case_panel_register(
    *, key: str, template: str, context: Callable, as_seen: bool = False
) -> Panel:
    _PANELS[key] = panel = Panel(key, template, context, as_seen)
    return panel


def case_panels(*, case, view, membership, events: list) -> list[dict]:
    """The registered sections with their contexts, in registration order (for a reader whose
    part ended, only those that show the case as it was)."""
    shown = []
    for panel in _PANELS.values():
        if getattr(view, "until", None) is not None and not panel.as_seen:
            continue
        context = panel.context(case, view, membership, events)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, "context": context})
    return shown


@dataclass(frozen=True)
class TimelineEntry:
    """A line of the timeline that is not an event of the log but follows from it (a period's
    start, pause, resumption or end): on its day, after that day's events; `rank` orders the
    lines of one day."""

    day: datetime.date
    label: str
    detail: str = ""
    kind: str = ""
    rank: int = 0
    derived: bool = True  # the template tells it from an event


_TIMELINE: list[Callable] = []


def case_timeline_register(entries: Callable) -> None:
    """`entries(case, view, events)` → the `TimelineEntry`s an app adds to the case's timeline
    (`events`: the case's log as the page read it)."""
    if entries not in _TIMELINE:
        _TIMELINE.append(entries)


def timeline_merge(*, case, view, events: list, shown: list) -> list:
    """The events `shown` to the reader with the registered apps' lines among them: each line
    after the last shown event of its day or before (a line of a later day than every event,
    such as a period's end still to come, closes the timeline)."""
    lines = sorted(
        (line for entries in _TIMELINE for line in entries(case, view, events)),
        key=lambda line: (line.day, line.rank),
    )
    if not lines:
        return list(shown)
    merged, waiting = [], iter(lines)
    line = next(waiting, None)
    for event in shown:
        day = event.at.astimezone(clock.BERLIN).date()
        while line is not None and line.day < day:
            merged.append(line)
            line = next(waiting, None)
        merged.append(event)
    if line is not None:
        merged.append(line)
        merged.extend(waiting)
    return merged
