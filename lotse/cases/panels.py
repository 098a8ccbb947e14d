"""Sections of the case page that apps above `cases` contribute (the clocks, the forecast).

An app registers a template and a function that builds its context from the case, the reader's
view of it and their membership; `cases` renders them without importing the app.
"""

from collections.abc import Callable
from dataclasses import dataclass


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
