"""The seal directory (`LOTSE_SEAL_DIR`): append-only, every file created exclusively.

    seal-000001.json      the signed seal (JSON)
    seal-000001.leaves    its leaves, one case a line in case-id order: `id seq head reference`
    tombstones/<id>.json  a removed case's signed tombstone

A file is written under a temporary name and then hard-linked to its name, which fails where the
name exists: a seal is never overwritten, and a crash leaves no half-written seal behind.
"""

import hashlib
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from django.conf import settings

SEAL_NAME = re.compile(r"^seal-(\d{6,})\.json$")


@dataclass(frozen=True)
class Leaf:
    """One case's head as sealed."""

    case_id: str
    seq: int
    head: str
    reference: str

    def data(self) -> bytes:
        """The leaf's bytes in the tree: case id (16), seq (8, big-endian), head (32)."""
        return UUID(self.case_id).bytes + self.seq.to_bytes(8, "big") + bytes.fromhex(self.head)

    def line(self) -> str:
        return f"{self.case_id} {self.seq} {self.head or '-'} {self.reference}\n"

    @classmethod
    def parse(cls, line: str) -> "Leaf":
        case_id, seq, head, reference = line.rstrip("\n").split(" ", 3)
        return cls(case_id, int(seq), "" if head == "-" else head, reference)


def seal_dir() -> Path:
    return Path(settings.LOTSE_SEAL_DIR)


@contextmanager
def exclusive(path: Path) -> Iterator:
    """A binary file to write that appears as `path` only when complete, and never replaces
    one (FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(temporary, "xb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def document_write(path: Path, document: dict) -> str:
    """Write a JSON document exclusively; returns the SHA-256 of its bytes."""
    data = json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False).encode() + b"\n"
    with exclusive(path) as file:
        file.write(data)
    return hashlib.sha256(data).hexdigest()


def document_read(path: Path) -> tuple[dict | None, str]:
    """A document and the SHA-256 of its bytes; None where it is not JSON."""
    data = path.read_bytes()
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        document = None
    return (document if isinstance(document, dict) else None), hashlib.sha256(data).hexdigest()


def seal_paths() -> list[tuple[int, Path]]:
    """The seals in the directory by number, oldest first."""
    found = []
    directory = seal_dir()
    if directory.is_dir():
        for entry in directory.iterdir():
            match = SEAL_NAME.match(entry.name)
            if match:
                found.append((int(match.group(1)), entry))
    return sorted(found)


def seal_path(number: int) -> Path:
    return seal_dir() / f"seal-{number:06d}.json"


def leaves_path(number: int) -> Path:
    return seal_dir() / f"seal-{number:06d}.leaves"


def leaves_read(path: Path) -> Iterator[Leaf]:
    with open(path, encoding="utf-8") as file:
        for line in file:
            yield Leaf.parse(line)


def tombstone_path(case_id) -> Path:
    return seal_dir() / "tombstones" / f"{case_id}.json"


def tombstone_paths() -> list[Path]:
    directory = seal_dir() / "tombstones"
    return sorted(directory.glob("*.json")) if directory.is_dir() else []
