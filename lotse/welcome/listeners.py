"""Listeners of the Welcome Center's writes: apps above `welcome` keep their own tables current in
the write's transaction (the statistics' counters) without `welcome` knowing them, as
`cases/listeners.py` does for case events. Every service that changes what an offer counts — an
event, its registrations, a consultation slot, a referral — calls `welcome_changed` with the row
it changed (for a registration: its event) before its transaction ends; a listener reads what it
needs from there and rolls back with the write."""

from collections.abc import Callable

_LISTENERS: list[Callable] = []


def welcome_listener(function: Callable) -> Callable:
    """Register `function(offer)`: `offer` is an `Event`, a `Slot` or a `Referral`."""
    if function not in _LISTENERS:
        _LISTENERS.append(function)
    return function


def welcome_changed(offer) -> None:
    for function in _LISTENERS:
        function(offer)
