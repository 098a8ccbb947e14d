"""The benchmark script runs end to end with a small N (correctness only, no timing goal)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench" / "precheck.py"


def test_bench_runs_with_small_n(capsys):
    spec = importlib.util.spec_from_file_location("bench_precheck", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--n", "2000", "--reports", "200", "--no-goals"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"precheck_reports: \d+ reports/s \(goal >= 2000\) PASS", lines[-2])
    assert re.fullmatch(r"precheck: \d+ assessments/s \(goal >= 20000\) PASS", lines[-1])
