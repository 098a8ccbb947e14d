"""Benchmark of the streamed dossier: memory must not grow with the documents.

Writes 30 PDF documents of 2 MB each to a temporary directory, then, in a fresh process per run
(imports and Django set up before the baseline), builds the dossier ZIP of 3 and of 30 of them
(cover PDF, manifest, documents: `forwarding.dossier.dossier_stream`, the code the download and the
API use, with every SHA-256 checked while streaming) and streams it to a null sink. Each run
reports its time and its peak RSS growth over the baseline (the kernel's high-water mark, reset at
the baseline through /proc/self/clear_refs). The 30 documents hold 54 MB more than the 3: they may
add at most 8 MB of peak memory, and the 30-document growth stays under 64 MB.
The last line reads `dossier_extra_rss: X MB (goal < 8) PASS|FAIL`.

    python bench/dossier.py
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = 2 * 1024 * 1024
EXTRA_GOAL_MB = 8
TOTAL_GOAL_MB = 64


def _pdf(number: int) -> bytes:
    """A 2 MB file in the shape of a PDF (the dossier copies bytes; it does not parse them)."""
    head = f"%PDF-1.7\n% document {number}\n".encode()
    body = hashlib.sha256(str(number).encode()).digest() * ((SIZE - len(head) - 6) // 32 + 1)
    return (head + body)[: SIZE - 6] + b"\n%%EOF"


def prepare(folder: Path, count: int) -> None:
    entries = []
    for number in range(1, count + 1):
        data = _pdf(number)
        name = f"documents/doc-{number:02d}.pdf"
        (folder / "documents").mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        entries.append(
            {
                "id": f"00000000-0000-4000-8000-{number:012d}",
                "kind": "passport",
                "label": "Pass",
                "version": 1,
                "family_member": None,
                "language": "de",
                "file_name": f"Dokument {number}.pdf",
                "content_type": "application/pdf",
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "path": f"documents/{number:02d}-passport-v1.pdf",
                "storage": name,
            }
        )
    manifest = {
        "version": 1,
        "submission": "00000000-0000-4000-8000-000000000000",
        "case": {"id": "x", "reference": "2026-BENCH", "state": "forwarded"},
        "destination": {"key": "lab-ni-zentralstelle", "name": "Zentralstelle LAB NI"},
        "rule": "bench",
        "forwarded_at": "2026-11-29T12:00:00+00:00",
        "case_data": {"worker_first_name": "Thị Lan", "worker_last_name": "Nguyễn"},
        "family": [{"first_name": "يوسف", "last_name": "العمراني", "relation": "spouse"}],
        "precheck": {"outcome": "promising", "pathways": []},
        "checklist": {"rows": []},
        "documents": entries,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))


def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def child(folder: Path, count: int) -> None:
    """One run in this fresh process: set up, take the baseline, build and stream, report."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings.test")
    os.environ["LOTSE_TEST_MEDIA"] = str(folder)
    import django

    django.setup()
    from lotse.forwarding.dossier import dossier_stream

    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["documents"] = manifest["documents"][:count]
    stored = {entry["id"]: entry.pop("storage") for entry in manifest["documents"]}
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from here
    baseline = _peak_kb()
    start = time.perf_counter()
    written = 0
    with open(os.devnull, "wb") as sink:
        stream = dossier_stream(manifest=manifest, stored=stored)
        for chunk in stream:
            written += len(chunk)
            sink.write(chunk)
    elapsed = time.perf_counter() - start
    assert written == len(stream) and written > count * SIZE
    growth = (_peak_kb() - baseline) / 1024
    print(json.dumps({"count": count, "seconds": elapsed, "growth_mb": growth, "bytes": written}))


def run(folder: Path, count: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), str(count)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="lotse-dossier-") as place:
        folder = Path(place)
        prepare(folder, 30)
        small, large = run(folder, 3), run(folder, 30)
    for result in (small, large):
        print(
            f"dossier of {result['count']:2d} documents: {result['bytes'] / 2**20:6.1f} MB streamed "
            f"in {result['seconds']:.2f} s, peak RSS growth {result['growth_mb']:.1f} MB"
        )
    extra = large["growth_mb"] - small["growth_mb"]
    total_ok = large["growth_mb"] < TOTAL_GOAL_MB
    print(
        f"30-document growth: {large['growth_mb']:.1f} MB (goal < {TOTAL_GOAL_MB}) "
        f"{'PASS' if total_ok else 'FAIL'}"
    )
    passed = extra < EXTRA_GOAL_MB and total_ok
    print(
        f"dossier_extra_rss: {extra:.1f} MB (goal < {EXTRA_GOAL_MB}) {'PASS' if passed else 'FAIL'}"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit(main())
