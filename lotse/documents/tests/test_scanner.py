"""The malware-scanner hook with scanners the test provides: a command and a clamd daemon."""

from __future__ import annotations

import io
import socket
import struct
import sys
import threading

import pytest

from lotse.documents.inspection import Refused
from lotse.documents.scanner import scan
from lotse.documents.tests.files import EICAR

SCANNER_SCRIPT = """
import sys
data = open(sys.argv[-1], "rb").read()
sys.exit(1 if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data else 0)
"""


@pytest.fixture
def command_scanner(tmp_path):
    script = tmp_path / "scanner.py"
    script.write_text(SCANNER_SCRIPT)
    return f"{sys.executable} {script}"


def stored(tmp_path, data: bytes) -> tuple[io.BytesIO, str]:
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    return io.BytesIO(data), str(path)


def test_no_scanner_configured_lets_the_file_pass(tmp_path):
    scan(*stored(tmp_path, EICAR), scanner="")


def test_a_command_scanner_passes_clean_files_and_refuses_threats(tmp_path, command_scanner):
    scan(*stored(tmp_path, b"%PDF-1.7 clean"), scanner=command_scanner)
    with pytest.raises(Refused) as caught:
        scan(*stored(tmp_path, EICAR), scanner=command_scanner)
    assert caught.value.code == "malware"


def test_a_scanner_that_fails_refuses_the_file(tmp_path):
    with pytest.raises(Refused) as caught:
        scan(*stored(tmp_path, b"x"), scanner=f"{sys.executable} -c 'import sys; sys.exit(2)'")
    assert caught.value.code == "scan_failed"
    with pytest.raises(Refused) as caught:
        scan(*stored(tmp_path, b"x"), scanner="/nonexistent/scanner")
    assert caught.value.code == "scan_failed"


class FakeClamd(threading.Thread):
    """Speaks clamd's INSTREAM: answers FOUND for the EICAR test string, else OK."""

    def __init__(self, path: str) -> None:
        super().__init__(daemon=True)
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen()

    def run(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                reader = connection.makefile("rb")
                assert reader.read(10) == b"zINSTREAM\0"
                data = b""
                while size := struct.unpack("!L", reader.read(4))[0]:
                    data += reader.read(size)
                found = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data
                connection.sendall(b"stream: Eicar-Signature FOUND\0" if found else b"stream: OK\0")


def test_a_clamd_daemon_scans_the_stream(tmp_path):
    path = str(tmp_path / "clamd.sock")
    daemon = FakeClamd(path)
    daemon.start()
    try:
        scan(io.BytesIO(b"%PDF-1.7 clean"), None, scanner=f"clamd:{path}")
        with pytest.raises(Refused) as caught:
            scan(io.BytesIO(EICAR * 3000), None, scanner=f"clamd:{path}")
        assert caught.value.code == "malware"
    finally:
        daemon.server.close()


def test_an_unreachable_clamd_refuses_the_file(tmp_path):
    with pytest.raises(Refused) as caught:
        scan(io.BytesIO(b"x"), None, scanner=f"clamd:{tmp_path / 'missing.sock'}")
    assert caught.value.code == "scan_failed"
