"""Erasure hooks: every part that stores personal data says here how to erase it.

A hook is a function `run(*, case, person) -> int` that erases, for one case, the personal values
its part stores (values and salts, never rows or events) and returns how many it erased; `person`
is None for the whole case, else "worker" or a family member's id. It is registered in its app's
`erasure.py`, which `erasure_hooks` imports for every installed app:

    # lotse/documents/erasure.py
    from django.utils.translation import gettext_lazy as _
    from lotse.core.erasure import erasure_hook

    @erasure_hook("documents.files", _("uploaded files and their names"))
    def files(*, case, person) -> int:
        ...

A hook must be idempotent (a second run erases nothing more) and must not write the case's log:
the service that runs all hooks (`cases.erasure.personal_data_erase`) writes the one event that
records the erasure, in the same transaction. The README lists the registered hooks.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class ErasureHook:
    name: str
    erases: str  # what it erases, in words (lazy, translated)
    run: Callable[..., int]


_HOOKS: dict[str, ErasureHook] = {}


def erasure_hook(name: str, erases) -> Callable:
    """Register `function` as the erasure hook `name` (dotted: app, then what), erasing `erases`."""

    def register(function: Callable[..., int]) -> Callable[..., int]:
        _HOOKS[name] = ErasureHook(name, erases, function)
        return function

    return register


def erasure_hooks() -> list[ErasureHook]:
    """Every registered hook, by name (each installed app's `erasure.py` imported first)."""
    autodiscover_modules("erasure")
    return [_HOOKS[name] for name in sorted(_HOOKS)]


@transaction.atomic
def erasure_run(*, case, person: str | None = None) -> dict[str, int]:
    """Run every hook for `case` (or one person in it) in one transaction: all erase or none.
    Returns how many values each hook erased, by hook name."""
    return {hook.name: hook.run(case=case, person=person) for hook in erasure_hooks()}
