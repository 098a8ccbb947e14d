"""Keyset pagination: pages stay as fast on page 10,000 as on page 1 (no OFFSET)."""

import base64
import binascii
import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet


class BadCursor(ValueError):
    """A cursor that this module did not write."""


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None


def cursor_for(created_at: datetime.datetime, pk: UUID) -> str:
    raw = f"{created_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read(cursor: str) -> tuple[datetime.datetime, UUID]:
    """The (created_at, id) a cursor names, in UTC. A cursor without a time zone, or one whose time
    leaves the calendar when moved to UTC (year 1 at +01:00), is refused here: the database
    adapter would otherwise fail on it (SQLite: OverflowError, a 500)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, _sep, pk = base64.urlsafe_b64decode(padded.encode()).decode().partition("|")
        moment = datetime.datetime.fromisoformat(created)
        if moment.tzinfo is None:
            raise ValueError("a cursor's time carries its zone")
        return moment.astimezone(datetime.UTC), UUID(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError) as error:
        raise BadCursor(cursor) from error


def newest_first(queryset: QuerySet, *, after: str | None = None, size: int = 50) -> Page:
    """One page of `queryset` ordered by (created_at, id) descending, after the `after` cursor."""
    queryset = queryset.order_by("-created_at", "-pk")
    if after:
        created, pk = _read(after)
        queryset = queryset.filter(Q(created_at__lt=created) | Q(created_at=created, pk__lt=pk))
    items = list(queryset[: size + 1])
    if len(items) <= size:
        return Page(items, None)
    last = items[size - 1]
    return Page(items[:size], cursor_for(last.created_at, last.pk))
