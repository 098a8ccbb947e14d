"""`seal_create`: a signed seal of every case's head, the periodic job `cases.seal`.

The seal names its predecessor by the SHA-256 of its file, so seals form a chain as the signed
tree heads of a Certificate Transparency log do: a seal removed or replaced from the middle shows
in the next one. The tombstones present when it is made enter it, each by its file's hash.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from lotse.cases.models import Case
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


def seal_create() -> Seal | None:
    """Seal every case's head; None where nothing changed since the newest seal (idempotent)."""
    seals = seal_paths()
    newest = seals[-1] if seals else None
    previous, previous_hash = document_read(newest[1]) if newest else (None, None)
    number = newest[0] + 1 if newest else 1
    tombstones = _tombstones()
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
        "previous": {"number": newest[0], "sha256": previous_hash} if newest else None,
    }
    path = seal_path(number)
    document_write(path, document_sign(body))
    return Seal(number, tree.size, body["root"], path)
