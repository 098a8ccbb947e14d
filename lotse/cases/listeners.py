"""Listeners of appended events: apps above `cases` keep their own tables current in the event's
transaction (the statistics' counters) without `cases` knowing them. A listener is called once per
event, after the case's projections, inside the service's transaction: its writes commit and roll
back with the event. It dispatches by `event.type` itself, so new event types need no change here.
"""

from collections.abc import Callable

_LISTENERS: list[Callable] = []


def event_listener(function: Callable) -> Callable:
    """Register `function(*, case, event)`; an app's `ready()` imports the module that calls it."""
    if function not in _LISTENERS:
        _LISTENERS.append(function)
    return function


def event_listeners_notify(*, case, event) -> None:
    for function in _LISTENERS:
        function(case=case, event=event)
