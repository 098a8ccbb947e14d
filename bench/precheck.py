"""Benchmark of the pre-check engine on one core.

Generates varied cases as JSON (fixed seed), then measures
1. assessments per second: JSON validation, every condition's status, pathways, outcome,
   `decided_by` and the documents check (goal >= 20,000/s);
2. complete bilingual JSON reports per second: the same plus every explanation rendered in German
   and English and serialised (goal >= 2,000/s).
Rates are per second of the process's own CPU time on one core, the best of `--rounds` runs: the
machines are shared, and wall time would measure the neighbours. The last line reads
`precheck: VALUE assessments/s (goal >= 20000) PASS|FAIL`; the exit status is non-zero when either
goal fails.

    python bench/precheck.py [--n 100000] [--reports 10000] [--rounds 3] [--seed 81] [--no-goals]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lotse.precheck import assess_json  # noqa: E402
from lotse.precheck.model import DocumentId  # noqa: E402

ASSESSMENT_GOAL = 20_000
REPORT_GOAL = 2_000
DOCUMENT_IDS = list(DocumentId.__args__)
FIRST_DAY = date(2023, 1, 1)
DAYS = (date(2026, 12, 31) - FIRST_DAY).days


def _maybe(rng: random.Random, value: object, unknown: float = 0.05) -> object:
    """`value`, or (rarely) None so that some facts are unknown."""
    return None if rng.random() < unknown else value


def generate_case(rng: random.Random) -> dict:
    """One plausible case; about one in twenty facts unknown, half the cases with documents."""
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS + 1))
    level = rng.choice(["academic", "vocational", "vocational", "none"])
    birth = day - timedelta(days=rng.randrange(20 * 365, 60 * 365))
    graduation = day - timedelta(days=rng.randrange(0, 20 * 365))
    salary = rng.randrange(25_000, 90_000) + (rng.choice([0, 0, 0, 0.5, 0.99]))
    case = {
        "reference_date": day.isoformat(),
        "person": {
            "birth_date": birth.isoformat(),
            "german_level": rng.choice([None, "A1", "A2", "B1", "B2", "C1"]),
            "adequate_pension_provision": _maybe(rng, rng.random() < 0.2),
        },
        "qualification": {
            "level": level,
            "state_recognized_abroad": _maybe(rng, level != "none" and rng.random() < 0.9),
            "recognition": rng.choice(["none", "none", "pending", "full", "partial", "refused"]),
            "zab_comparable": _maybe(rng, level == "academic" and rng.random() < 0.7),
        },
        "experience": {
            "years_last_5": _maybe(rng, rng.choice([0, 1, 1.5, 2, 3, 4, 5])),
            "it_years_last_7": _maybe(rng, rng.choice([0, 0, 2, 3, 5, 7])),
        },
        "job": {
            "offer": _maybe(rng, rng.random() < 0.9),
            "requires_qualification": _maybe(rng, rng.random() < 0.9),
            "matches_qualification": _maybe(rng, rng.random() < 0.8),
            "annual_gross_salary_eur": _maybe(rng, salary),
            "shortage_occupation": _maybe(rng, rng.random() < 0.4),
            "it_specialist": _maybe(rng, rng.random() < 0.25),
            "regulated_profession": _maybe(rng, rng.random() < 0.2),
            "professional_licence": _maybe(rng, rng.random() < 0.3),
            "employer_collective_agreement": _maybe(rng, rng.random() < 0.3),
        },
        "first_residence_title_for_employment": _maybe(rng, rng.random() < 0.95),
        "recognition_partnership_agreement": _maybe(rng, rng.random() < 0.15),
    }
    if level != "none":
        case["qualification"]["graduation_date"] = graduation.isoformat()
    if rng.random() < 0.5:
        case["documents"] = rng.sample(DOCUMENT_IDS, rng.randrange(0, len(DOCUMENT_IDS)))
    if rng.random() < 0.1:  # the absent key is an unknown fact, too
        del case["person"]["german_level"]
    return case


def generate(n: int, seed: int = 81) -> list[bytes]:
    rng = random.Random(seed)
    return [json.dumps(generate_case(rng)).encode() for _ in range(n)]


def run_assessments(cases: list[bytes]) -> tuple[float, dict[str, int]]:
    """Assess every case; returns the elapsed seconds and the outcome counts."""
    counts = {"promising": 0, "not_promising": 0, "undecided": 0}
    complete = 0
    gc.collect()
    start = time.process_time()
    for text in cases:
        assessment = assess_json(text)
        counts[assessment.outcome] += 1
        if assessment.documents is not None and assessment.documents["complete"]:
            complete += 1
    elapsed = time.process_time() - start
    counts["documents_complete"] = complete
    return elapsed, counts


def run_reports(cases: list[bytes]) -> tuple[float, int]:
    """Validate, assess, render every explanation in German and English, serialise."""
    size = 0
    gc.collect()
    start = time.process_time()
    for text in cases:
        size += len(json.dumps(assess_json(text).to_json_dict(), ensure_ascii=False))
    return time.process_time() - start, size


def verdict(rate: float, goal: int) -> str:
    return "PASS" if rate >= goal else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="cases to assess")
    parser.add_argument("--reports", type=int, default=10_000, help="full reports to render")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--seed", type=int, default=81)
    parser.add_argument("--no-goals", action="store_true", help="report rates, never fail")
    args = parser.parse_args(argv)

    cases = generate(args.n, args.seed)
    assess_json(cases[0]).to_json_dict()  # warm up: parameter cache, message cache
    elapsed, counts = min(run_assessments(cases) for _ in range(max(1, args.rounds)))
    rate = args.n / elapsed
    print(f"cases: {args.n:,} generated (seed {args.seed}); outcomes: {counts}")
    print(f"assessment: {elapsed * 1e6 / args.n:.1f} µs per case")

    report_cases = cases[: max(1, min(args.reports, args.n))]
    report_elapsed, size = min(run_reports(report_cases) for _ in range(max(1, args.rounds)))
    report_rate = len(report_cases) / report_elapsed
    print(
        f"report: {report_elapsed * 1e6 / len(report_cases):.1f} µs per case, "
        f"{size / len(report_cases) / 1024:.1f} KiB JSON each"
    )
    report_verdict = "PASS" if args.no_goals else verdict(report_rate, REPORT_GOAL)
    assess_verdict = "PASS" if args.no_goals else verdict(rate, ASSESSMENT_GOAL)
    print(f"precheck_reports: {report_rate:.0f} reports/s (goal >= {REPORT_GOAL}) {report_verdict}")
    print(f"precheck: {rate:.0f} assessments/s (goal >= {ASSESSMENT_GOAL}) {assess_verdict}")
    return 0 if report_verdict == assess_verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
