"""The last seal that holds, and the sealed heads matched against the cases as they stream by.

`seal_in_use` walks the seals from the newest: a seal is used when its signature verifies with a
configured public key and its leaves file gives its signed size, hash and root; each newer seal
that fails is a problem, and so is a broken link of the chain of seals. `SealedHeads` reads the
used seal's leaves in case-id order beside the cases (read in the same order), so memory stays
bounded however many cases there are; a sealed case the database no longer has is absent, which
only a tombstone that verifies explains.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lotse.cases.sealing.merkle import TreeHasher
from lotse.cases.sealing.signing import public_keys, signature_holds
from lotse.cases.sealing.store import (
    Leaf,
    document_read,
    leaves_read,
    seal_dir,
    seal_paths,
    tombstone_path,
)
from lotse.cases.sealing.tombstones import FORMAT as TOMBSTONE


@dataclass(frozen=True)
class SealedHead:
    """A case's head as seal `number` holds it."""

    number: int
    seq: int
    head: str


@dataclass(frozen=True)
class Absent:
    """A sealed case that is not in the database: explained by its tombstone (`note`) or not."""

    leaf: Leaf
    problem: str = ""
    note: str = ""


def _leaves_hold(document: dict) -> bool:
    """The leaves file gives the seal's signed hash, size and root."""
    leaves = document.get("leaves") or {}
    path = seal_dir() / str(leaves.get("file", ""))
    if not leaves.get("file") or not path.is_file():
        return False
    digest, tree = hashlib.sha256(), TreeHasher()
    try:
        for leaf in leaves_read(path):
            digest.update(leaf.line().encode())
            tree.add(leaf.data())
    except ValueError:
        return False
    return (digest.hexdigest(), tree.size, tree.root()) == (
        leaves.get("sha256"),
        document.get("tree_size"),
        document.get("root"),
    )


def _chain_problems(seals: list[tuple[int, Path]]) -> list[str]:
    """Each seal names its predecessor's file hash: a changed or missing earlier seal shows."""
    problems = []
    hashes = {number: document_read(path)[1] for number, path in seals}
    for number, path in seals:
        document, _ = document_read(path)
        previous = (document or {}).get("previous")
        if number > 1 and not isinstance(previous, dict):
            problems.append(f"seal {number} names no previous seal")
        elif isinstance(previous, dict):
            earlier = previous.get("number")
            if earlier not in hashes:
                problems.append(f"seal {earlier}, named by seal {number}, is missing")
            elif hashes[earlier] != previous.get("sha256"):
                problems.append(f"seal {earlier} was changed after seal {number} named it")
    return problems


@dataclass
class SealInUse:
    number: int | None = None
    document: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def seal_in_use() -> SealInUse:
    """The newest seal that verifies, and the problems of the seals and their chain."""
    keys = public_keys()
    seals = seal_paths()
    found = SealInUse(problems=_chain_problems(seals))
    for number, path in reversed(seals):
        document, _ = document_read(path)
        if document is None or not signature_holds(document, keys):
            found.problems.append(f"seal {number}: its signature does not verify")
        elif document.get("number") != number:
            found.problems.append(f"seal {number}: it says it is seal {document.get('number')}")
        elif not _leaves_hold(document):
            found.problems.append(f"seal {number}: its leaves do not give its signed root")
        else:
            found.number, found.document = number, document
            break
    return found


def absent(leaf: Leaf, number: int, keys) -> Absent:
    """A case seal `number` holds and the database does not."""
    path = tombstone_path(leaf.case_id)
    if not path.is_file():
        return Absent(
            leaf,
            problem=(
                f"is missing from the database: seal {number} holds it up to event {leaf.seq}, "
                "and there is no tombstone"
            ),
        )
    stone, _ = document_read(path)
    if stone is None or stone.get("format") != TOMBSTONE or not signature_holds(stone, keys):
        return Absent(leaf, problem="is missing from the database; its tombstone does not verify")
    if stone.get("case") != leaf.case_id or not _continues(stone, leaf):
        return Absent(
            leaf, problem="is missing from the database; its tombstone names another head"
        )
    return Absent(
        leaf,
        note=f"removed on {str(stone.get('time'))[:10]} by {stone.get('by')}: {stone.get('reason')}",
    )


def _continues(stone: dict, leaf: Leaf) -> bool:
    """The tombstone's head is the sealed one or later (the case went on after the seal)."""
    seq = stone.get("seq")
    if not isinstance(seq, int):
        return False
    return seq > leaf.seq or (seq == leaf.seq and stone.get("head") == leaf.head)


class SealedHeads:
    """The used seal's heads, asked for in case-id order."""

    def __init__(self, seal: SealInUse) -> None:
        self.number = seal.number
        self.absent: list[Absent] = []
        self._keys = public_keys() if seal.number else {}
        self._leaves: Iterator[Leaf] = iter(())
        if seal.number:
            self._leaves = leaves_read(seal_dir() / seal.document["leaves"]["file"])
        self._next: Leaf | None = next(self._leaves, None)

    def head_of(self, case_id) -> SealedHead | None:
        """The sealed head of `case_id` (None: the case is newer than the seal); sealed cases
        passed over on the way are absent from the database."""
        wanted = str(case_id)
        while self._next is not None and self._next.case_id < wanted:
            self.absent.append(absent(self._next, self.number, self._keys))
            self._next = next(self._leaves, None)
        if self._next is not None and self._next.case_id == wanted:
            leaf, self._next = self._next, next(self._leaves, None)
            return SealedHead(self.number, leaf.seq, leaf.head)
        return None

    def finish(self) -> list[Absent]:
        """The sealed cases after the last one in the database; then every absent one."""
        while self._next is not None:
            self.absent.append(absent(self._next, self.number, self._keys))
            self._next = next(self._leaves, None)
        return self.absent
