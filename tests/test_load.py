"""The load run (issue 20, part 3) as a test: `bench/load.py` — 50 simulated companies and IHK
advisers against gunicorn with several workers on a private PostgreSQL cluster, serial (bin/test
runs it after the parallel pass). No 5xx, no lost or duplicated event, `audit verify` holds; the
p95 of each page is printed beside `/ping/`'s. `LOTSE_LOAD_SECONDS` sets the duration (the issue's
two minutes by default). Skipped only where PostgreSQL's server binaries are not installed."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pgcluster import unavailable  # noqa: E402

pytestmark = pytest.mark.load
SECONDS = float(os.environ.get("LOTSE_LOAD_SECONDS", "120"))
# the part's time ceiling: the run itself, the clients' last answers on a loaded machine, set-up
CEILING_SECONDS = SECONDS + 480


def test_fifty_users_at_once_lose_nothing(capsys):
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--seconds", str(SECONDS), "--users", "50"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CEILING_SECONDS,
    )
    lines = [line for line in done.stdout.splitlines() if not line.startswith("20")]
    with capsys.disabled():
        print("\n" + "\n".join(lines[-25:]))
        print(f"load run: {time.monotonic() - started:.0f} s (ceiling {CEILING_SECONDS:.0f} s)")
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-4000:]
    last = lines[-1]
    assert last.startswith("load: ") and last.endswith(" PASS"), last
    assert "5xx 0, lost 0, duplicated 0" in last, last
