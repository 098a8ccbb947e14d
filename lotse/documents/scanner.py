"""The malware-scanner hook: every accepted file is scanned before it is stored.

`LOTSE_MALWARE_SCANNER` chooses the scanner, off when empty (the default):
- `clamd:/run/clamav/clamd.ctl` or `clamd:127.0.0.1:3310` streams the file to a ClamAV daemon
  (its INSTREAM command);
- anything else is a command line; the file's path is appended, exit status 0 means clean and 1
  means a threat (ClamAV's `clamscan`/`clamdscan` convention).
A scanner that cannot answer refuses the file (`scan_failed`): a file is stored only when checked.
"""

from __future__ import annotations

import shlex
import socket
import struct
import subprocess
from typing import BinaryIO

from lotse.documents.inspection import Refused

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 60


def scan(stream: BinaryIO, path: str | None, scanner: str) -> None:
    """Raise `Refused("malware")` or `Refused("scan_failed")` unless `scanner` finds the file clean."""
    if not scanner:
        return
    if scanner.startswith("clamd:"):
        _scan_clamd(stream, scanner.removeprefix("clamd:"))
    else:
        _scan_command(stream, path, scanner)


def _scan_command(stream: BinaryIO, path: str | None, command: str) -> None:
    if path is None:
        raise Refused("scan_failed")
    try:
        result = subprocess.run(
            [*shlex.split(command), path], capture_output=True, timeout=TIMEOUT_SECONDS
        )
    except (OSError, subprocess.TimeoutExpired):
        raise Refused("scan_failed") from None
    if result.returncode == 1:
        raise Refused("malware")
    if result.returncode != 0:
        raise Refused("scan_failed")


def _connect(address: str) -> socket.socket:
    if address.startswith("/"):
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(TIMEOUT_SECONDS)
        connection.connect(address)
        return connection
    host, _, port = address.rpartition(":")
    return socket.create_connection((host, int(port)), timeout=TIMEOUT_SECONDS)


def _scan_clamd(stream: BinaryIO, address: str) -> None:
    try:
        with _connect(address) as connection:
            connection.sendall(b"zINSTREAM\0")
            stream.seek(0)
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = connection.recv(4096)
                if not part:
                    break
                reply += part
    except (OSError, ValueError):
        raise Refused("scan_failed") from None
    answer = reply.rstrip(b"\0").decode("utf-8", "replace")
    if answer.endswith("FOUND"):
        raise Refused("malware")
    if not answer.endswith("OK"):
        raise Refused("scan_failed")
