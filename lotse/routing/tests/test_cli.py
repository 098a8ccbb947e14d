"""`lotse route`: first line the authority's full name (or `outside the region`), the reason below."""

import os
import subprocess
import sys
from datetime import date

import pytest

from lotse.routing import agreement_authority
from lotse.routing.cli import main
from lotse.routing.tests.conftest import REPO, TEST_REGIONS

LHH = "Ausländerbehörde Landeshauptstadt Hannover (Fachbereich Öffentliche Ordnung)"
REGION = "Ausländerbehörde Region Hannover (Team Zuwanderung, Fachbereich Öffentliche Sicherheit)"
ZENTRALSTELLE = (
    "Landesaufnahmebehörde Niedersachsen – Zentralstelle für das beschleunigte Fachkräfteverfahren"
)


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed way: `python -m lotse route ARGS`, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "lotse", "route", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["--municipality", "Hannover", "--date", "2025-06-30"], LHH),
        (["--municipality", "Garbsen", "--date", "2025-06-30"], REGION),
        (["--municipality", "Garbsen", "--date", "2025-07-01"], "choice required"),
        (["--municipality", "Garbsen", "--date", "2025-07-01", "--choice", "local"], REGION),
        (["--municipality", "Hannover", "--date", "2025-12-31", "--choice", "zentralstelle"],
         ZENTRALSTELLE),
        (["--municipality", "Hannover", "--date", "2026-01-01"], ZENTRALSTELLE),
        (["--municipality", "Hannover", "--date", "2026-01-01", "--after-entry"], LHH),
        (["--municipality", "Hildesheim", "--date", "2026-01-01"], "outside the region"),
        (["--municipality", "Hanoi", "--date", "2026-01-01"], "outside the region"),
        (["--trade", "craft", "--date", "2026-01-01"], "Handwerkskammer Hannover"),
        (["--trade", "liberal_profession", "--date", "2026-01-01"], "no chamber"),
        (["--occupation", "engineer_title", "--date", "2026-01-01"], "Ingenieurkammer Niedersachsen"),
        (["--occupation", "other_regulated", "--date", "2026-01-01"], "not in the region's data"),
    ],
)  # fmt: skip
def test_in_process_first_line_and_reason(capsys, args, first):
    assert main(args) == 0
    out, err = capsys.readouterr()
    first_line, reason, *periods = out.splitlines()
    assert (first_line, err) == (first, "")
    assert reason and all(line.startswith("- ") for line in periods)


def test_a_recognition_body_shows_each_period_with_strength_and_source(capsys):
    assert main(["--occupation", "engineer_title", "--date", "2026-01-01", "--lang", "en"]) == 0
    _first, _reason, *periods = capsys.readouterr().out.splitlines()
    assert len(periods) == 4
    assert periods[2].startswith(
        "- confirmation of receipt (accelerated procedure under § 81a AufenthG): 2 weeks from "
        "receipt of the application – mandatory – § 9a Abs. 2 S. 1 NIngG; source: "
    )
    assert "https://voris." in periods[2]


def test_an_occupation_is_asked_by_its_key_and_unconfirmed_periods_say_so(capsys):
    assert main(["--occupation", "erzieher", "--date", "2026-01-01"]) == 0
    first, reason, *periods = capsys.readouterr().out.splitlines()
    assert first == "Regionales Landesamt für Schule und Bildung Lüneburg"
    assert "Beruf: Erzieherin/Erzieher" in reason
    assert sum(line.endswith("NICHT BELEGT") or "NICHT BELEGT;" in line for line in periods) == 2


def test_an_unknown_occupation_names_categories_and_occupations(capsys):
    assert main(["--occupation", "astronaut", "--date", "2026-01-01"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Berufsgruppen" in err and "physiotherapie" in err


def test_the_reason_matches_the_service(capsys):
    assert main(["--municipality", "Laatzen", "--date", "2026-01-01", "--lang", "en"]) == 0
    answer = agreement_authority(workplace="Laatzen", on=date(2026, 1, 1))
    assert capsys.readouterr().out == f"{ZENTRALSTELLE}\n{answer.reason.en}\n"


def test_german_is_the_default_language(capsys):
    main(["--municipality", "Laatzen", "--date", "2026-01-01"])
    assert capsys.readouterr().out.splitlines()[1].startswith("Zuständig: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--municipality", "Hannover", "--date", "2026-13-01"], "Ungültiges Datum „2026-13-01“"),
        (["--municipality", "Hannover", "--date", "01.01.2026"], "Ungültiges Datum"),
        (["--municipality", "Hannover", "--date", "20260101"], "Ungültiges Datum"),
        (["--municipality", "Hannover", "--date", "2026-01-01", "--choice", "city"],
         "Unbekannte Wahl „city“"),
        (["--municipality", "Hannover", "--date", "2026-01-01", "--choice", "city", "--lang", "en"],
         "Unknown choice “city”"),
        (["--municipality", "Hannover", "--date", "2026-01-01", "--choice", "local",
          "--after-entry"], "schließen sich aus"),
        (["--municipality", "Hannover", "--date", "2026-01-01", "--region", "atlantis"],
         "Unbekannte Region „atlantis“"),
        (["--trade", "bakery", "--date", "2026-01-01"], "Unbekannte Gewerbeart"),
        (["--occupation", "ihk_occupation", "--level", "academic", "--date", "2026-01-01"],
         "passt nicht"),
        (["--municipality", "Hannover"], "--date"),
        (["--date", "2026-01-01"], "--municipality"),
        (["--municipality", "Hannover", "--date", "2026-01-01", "--lang", "fr"], "invalid choice"),
    ],
)  # fmt: skip
def test_bad_arguments_exit_2_with_a_message_on_stderr_only(capsys, args, message):
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and message in err


def test_subprocess_answer():
    result = run("--municipality", "Neustadt am Ruebenberge", "--date", "2025-06-30")
    assert result.returncode == 0, result.stderr
    first, reason = result.stdout.splitlines()
    assert first == REGION
    assert "Regel „abh-oertlich-bis-2025-06“" in reason and "Neustadt am Rübenberge" in reason


def test_subprocess_outside_the_region():
    result = run("--municipality", "Celle", "--date", "2026-01-01", "--lang", "en")
    assert result.returncode == 0
    first, reason = result.stdout.splitlines()
    assert first == "outside the region" and "Celle is not in this region" in reason


def test_subprocess_bad_date():
    result = run("--municipality", "Hannover", "--date", "2026-02-30")
    assert (result.returncode, result.stdout) == (2, "")
    assert "2026-02-30" in result.stderr


def test_subprocess_second_region_by_environment():
    env = {"LOTSE_REGIONS_DIR": str(TEST_REGIONS)}
    result = run(
        "--municipality", "Beispieldorf", "--date", "2024-04-01", "--region", "musterkreis", env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Zentrale Ausländerbehörde für Fachkräfte des Landes"


def test_the_core_runs_without_django():
    code = (
        "import sys; sys.modules['django'] = None\n"
        "from datetime import date\n"
        "import lotse.routing, lotse.routing.cli\n"
        "a = lotse.routing.agreement_authority(workplace='Hannover', on=date(2026, 1, 1))\n"
        "assert a.organisation_key == 'lab-ni-zentralstelle'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_an_empty_municipality_is_a_usage_error(capsys):
    from lotse.routing.cli import main

    assert main(["--municipality", "", "--date", "2026-01-01"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "--municipality" in captured.err
