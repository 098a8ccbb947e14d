"""`seal_create`: a signed seal of every case's head, the periodic job `cases.seal`.

The seal names its predecessor by the SHA-256 of its file, so seals form a chain as the signed
tree heads of a Certificate Transparency log do: a seal removed or replaced from the middle shows
in the next one. The tombstones present when it is made enter it, each by its file's hash.
"""

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Max

from lotse.cases.models import Case, CaseEvent
from lotse.cases.sealing.merkle import TreeHasher
from lotse.cases.sealing.signing import document_sign
from lotse.cases.sealing.store import (
    Leaf,
    document_read,
    document_write,
    exclusive,
    leaves_path,
    seal_path,
    seal_paths,
    tombstone_paths,
)
from lotse.core import clock

FORMAT = "lotse-seal/1"
CHUNK = 5000


@dataclass(frozen=True)
class Seal:
    number: int
    tree_size: int
    root: str
    path: Path


class _Unchanged(Exception):
    """Nothing changed since the last seal: its leaves file is not kept."""


def case_leaves():
    """Every case's head in case-id order, streamed (a system job over all cases: no
    `visible_to`)."""
    rows = Case.objects.order_by("pk").values_list("pk", "log_seq", "log_head", "reference")
    for case_id, seq, head, reference in rows.iterator(chunk_size=CHUNK):
        yield Leaf(str(case_id), seq, head, reference)


def _tombstones() -> list[dict]:
    return [{"case": path.stem, "sha256": document_read(path)[1]} for path in tombstone_paths()]


def _last_event() -> int:
    return CaseEvent.objects.aggregate(last=Max("pk"))["last"] or 0


def _quiet_since(previous: dict, tombstones: list[dict]) -> bool:
    """Cheaply, before reading every case: no event appended, no case added or removed and no
    tombstone written since `previous`. (A change behind the services' back that this misses is
    no gap: the previous seal still holds the heads it was made over, and `audit verify` checks
    them.)"""
    return (previous.get("last_event"), previous.get("tree_size"), previous.get("tombstones")) == (
        _last_event(),
        Case.objects.count(),
        tombstones,
    )


def _due(previous: dict) -> bool:
    """The periodic job seals at most every `LOTSE_SEAL_EVERY_MINUTES`."""
    try:
        made = datetime.datetime.fromisoformat(str(previous.get("time")))
    except ValueError:
        return True
    every = datetime.timedelta(minutes=settings.LOTSE_SEAL_EVERY_MINUTES)
    return made.tzinfo is None or clock.now() - made >= every


def seal_due() -> Seal | None:
    """The periodic job: a seal where one is due and something changed since the last."""
    seals = seal_paths()
    if seals:
        previous, _ = document_read(seals[-1][1])
        if previous is not None and (not _due(previous) or _quiet_since(previous, _tombstones())):
            return None
    return seal_create()


def seal_create() -> Seal | None:
    """Seal every case's head; None where nothing changed since the newest seal (idempotent)."""
    seals = seal_paths()
    newest = seals[-1] if seals else None
    previous, previous_hash = document_read(newest[1]) if newest else (None, None)
    number = newest[0] + 1 if newest else 1
    tombstones = _tombstones()
    last_event = _last_event()  # read first: a later event is in this seal or the next
    tree = TreeHasher()
    digest = hashlib.sha256()
    try:
        with exclusive(leaves_path(number)) as file:
            for leaf in case_leaves():
                line = leaf.line().encode()
                file.write(line)
                digest.update(line)
                tree.add(leaf.data())
            unchanged = previous is not None and (
                previous.get("root"),
                previous.get("tree_size"),
                previous.get("tombstones"),
            ) == (tree.root(), tree.size, tombstones)
            if unchanged:
                raise _Unchanged
    except _Unchanged:
        return None
    body = {
        "format": FORMAT,
        "number": number,
        "time": clock.now().isoformat(timespec="microseconds"),
        "tree_size": tree.size,
        "root": tree.root(),
        "leaves": {"file": leaves_path(number).name, "sha256": digest.hexdigest()},
        "tombstones": tombstones,
        "last_event": last_event,
        "previous": {"number": newest[0], "sha256": previous_hash} if newest else None,
    }
    path = seal_path(number)
    document_write(path, document_sign(body))
    return Seal(number, tree.size, body["root"], path)
