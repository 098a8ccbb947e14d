"""The 17 examples: through the CLI in a subprocess and in-process, compared exactly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lotse.precheck import assess
from lotse.precheck.cli import main
from lotse.precheck.model import ExampleFile
from lotse.precheck.tests.support import EXAMPLES

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted(EXAMPLES.glob("*.json"))
KEYS = ("outcome", "open_pathways", "closed_pathways")


def compared(result: dict, expected: dict) -> dict:
    got = {key: result[key] for key in KEYS}
    if "documents" in expected:
        got["documents"] = result.get("documents")
    return got


def expected_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["expected"]


def test_there_are_17_examples_with_readme():
    assert len(FILES) == 17
    assert (EXAMPLES / "README.md").exists()


@pytest.fixture(scope="module")
def subprocess_results() -> dict[str, tuple[int, str, str]]:
    """Every example through `python -m lotse precheck FILE --format json`, run in parallel."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    running = {
        path.name: subprocess.Popen(
            [sys.executable, "-m", "lotse", "precheck", str(path), "--format", "json"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in FILES
    }
    results = {}
    for name, process in running.items():
        out, err = process.communicate(timeout=60)
        results[name] = (process.returncode, out, err)
    return results


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_example_through_cli_subprocess(path, subprocess_results):
    status, out, err = subprocess_results[path.name]
    assert status == 0, err
    expected = expected_of(path)
    assert compared(json.loads(out), expected) == expected


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_example_through_cli_in_process(path, capsys):
    assert main([str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    expected = expected_of(path)
    assert compared(json.loads(out), expected) == expected


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_example_through_api_function(path):
    example = ExampleFile.model_validate_json(path.read_text(encoding="utf-8"))
    result = assess(example.input).to_json_dict()
    assert compared(result, example.expected) == example.expected
    # every pathway appears, and every closed one names an unmet condition with its citation
    assert [p["id"] for p in result["pathways"]] == ["16d", "18a", "18b", "18g", "19c2"]
    for pathway in result["pathways"]:
        if pathway["open"] is False:
            unmet = [c for c in pathway["conditions"] if c["status"] == "not_met"]
            assert unmet and all(c["citation"] for c in unmet)


def test_example_15_is_decided_by_the_comparability_statement():
    example = ExampleFile.model_validate_json(
        (EXAMPLES / "15-civil-engineer-zab-comparability-unknown.json").read_text()
    )
    assert assess(example.input).decided_by == [
        {
            "kind": "unknown_fact",
            "field": "qualification.zab_comparable",
            "pathways": ["18b", "18g"],
        }
    ]


def test_example_17_is_decided_by_recognition_and_licence():
    example = ExampleFile.model_validate_json(
        (EXAMPLES / "17-nurse-recognition-application-complete.json").read_text()
    )
    assert assess(example.input).decided_by == [
        {"kind": "outstanding_step", "step": "professional_licence", "pathways": ["18a"]},
        {"kind": "outstanding_step", "step": "recognition", "pathways": ["16d", "18a"]},
    ]
