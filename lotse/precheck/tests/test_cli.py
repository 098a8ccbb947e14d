"""The CLI: reports, the --date override, and bad input (one message, exit 2, empty stdout)."""

from __future__ import annotations

import json

import pytest

from lotse.precheck.cli import main
from lotse.precheck.tests.support import EXAMPLES, base_case

CONTROLLER = EXAMPLES / "08-controller-2024-12-31-blue-card-open.json"


def write(tmp_path, content: str):
    path = tmp_path / "case.json"
    path.write_text(content, encoding="utf-8")
    return str(path)


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_text_report_is_german_by_default(capsys):
    status, out, err = run(capsys, str(CONTROLLER))
    assert status == 0 and not err
    assert "Ergebnis: aussichtsreich" in out
    assert "45.300 €" in out


def test_text_report_in_english(capsys):
    status, out, _ = run(capsys, str(CONTROLLER), "--lang", "en")
    assert status == 0
    assert "Outcome: promising" in out
    assert "€45,300" in out


def test_json_with_one_language(capsys):
    status, out, _ = run(capsys, str(CONTROLLER), "--format", "json", "--lang", "de")
    data = json.loads(out)
    explanation = data["pathways"][0]["conditions"][0]["explanation"]
    assert status == 0 and list(explanation) == ["de"]


def test_json_is_bilingual_by_default(capsys):
    _, out, _ = run(capsys, str(CONTROLLER), "--format", "json")
    explanation = json.loads(out)["pathways"][3]["conditions"][-1]["explanation"]
    assert set(explanation) == {"de", "en"}


def test_date_option_overrides_the_case_date(capsys):
    """§ 18g Abs. 1 S. 1 AufenthG: 47,000 € reaches 45,300 € (2024) but not 48,300 € (2025)."""
    _, before, _ = run(capsys, str(CONTROLLER), "--format", "json")
    _, after, _ = run(capsys, str(CONTROLLER), "--format", "json", "--date", "2025-01-01")
    assert "18g" in json.loads(before)["open_pathways"]
    assert json.loads(after)["reference_date"] == "2025-01-01"
    assert "18g" in json.loads(after)["closed_pathways"]


def test_stdin(capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(base_case())))
    status, out, _ = run(capsys, "-", "--format", "json")
    assert status == 0 and json.loads(out)["outcome"] == "promising"


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"person": {"birth_date": "1990-02-30"}}', "person.birth_date"),
        ('{"person": {"shoe_size": 42}}', "person.shoe_size: unknown field"),
        ('{"salary": 42}', "salary: unknown field"),
        ('{"qualification": {"recognition": "maybe"}}', "qualification.recognition"),
        ('{"person": {"german_level": "B3"}}', "person.german_level"),
        ('{"documents": ["passport", "visa"]}', "documents[1]: unknown document id 'visa'"),
        ('{"job": {"offer": "yes"}}', "job.offer"),
        ('{"job": {"annual_gross_salary_eur": -1}}', "job.annual_gross_salary_eur"),
        ('{"experience": {"years_last_5": 6}}', "experience.years_last_5"),
        ('{"reference_date": "2025-01-01", "person": {"birth_date": "2025-01-02"}}', "birth_date"),
        ('{"reference_date": "2022-12-31"}', "reference_date"),
        ('{"person": {"birth_date": 0}}', "person.birth_date: expected a date"),
        ('{"reference_date": 20250101}', "reference_date: expected a date"),
        ('{"job": {"start_date": "2025-13-01"}}', "job.start_date: impossible date"),
        ("[" * 1000 + "]" * 1000, "input: nested too deeply"),
        ('{"person": ' + "[" * 1000 + "]" * 1000 + "}", "nested too deeply"),
        ('{"person": {"x\\ny": 1}}', "person.x\\ny: unknown field"),
        ("{" + " " * 70000 + "}", "input: too large"),
        ('{"name": "x", "input": {"job": {"x": 1}}, "expected": {}}', "input.job.x: unknown field"),
    ],
)
def test_bad_input_gives_one_message_and_status_2(tmp_path, capsys, content, named):
    status, out, err = run(capsys, write(tmp_path, content), "--format", "json")
    assert status == 2
    assert out == ""
    assert named in err
    assert err.count("\n") == 1


def test_missing_file(capsys):
    status, out, err = run(capsys, "/nonexistent/case.json")
    assert (status, out) == (2, "")
    assert "no such file" in err


@pytest.mark.parametrize("bad", ["2025-02-30", "01.03.2025", "tomorrow"])
def test_bad_date_option(capsys, bad):
    status, out, err = run(capsys, str(CONTROLLER), "--date", bad)
    assert (status, out) == (2, "")
    assert "--date" in err


def test_unknown_format_is_a_usage_error(capsys):
    status, out, err = run(capsys, str(CONTROLLER), "--format", "xml")
    assert (status, out) == (2, "")
    assert "--format" in err
