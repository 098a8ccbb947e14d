"""`lotse screenshots` runs as a person would run it and leaves one picture per listed page, role
and language. It brings its own SQLite database, so it runs once per CI: on the SQLite run."""

import os
import subprocess
import sys

import pytest

from lotse.demo.cast import CAST
from lotse.demo.screenshots import ADMIN_ROLE

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("LOTSE_SKIP_BROWSER") == "1", reason="browser tests switched off"
    ),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the command uses its own SQLite database: it runs on the SQLite run",
    ),
]

EVERY_ROLE = [*CAST, ADMIN_ROLE]  # every demo login
# Every page of the journey (tests/e2e/test_whole_journey.py) for the roles that take it.
LISTED = [
    *[("start", role) for role in EVERY_ROLE],
    *[
        ("case", role)
        for role in (
            "company_hr",
            "other_company_hr",
            "ihk_adviser",
            "hwk_adviser",
            "abh_city_caseworker",
            "abh_region_caseworker",
            "zentralstelle_caseworker",
            "aa_caseworker",
            "jobcenter_employer_service",
            "welcome_adviser",
        )
    ],
    ("intake", "company_hr"),
    ("intake", "other_company_hr"),
    # the journey's other pages: first consultations, the authority's inbox, the worker's link
    *[
        ("consultations", role)
        for role in ("company_hr", "ihk_adviser", "hwk_adviser", "welcome_adviser")
    ],
    ("inbox", "zentralstelle_caseworker"),
    ("inbox", "abh_city_caseworker"),
    ("upload", "worker"),
    ("people", "company_admin"),
    ("failed-mails", "ihk_lead"),
]
LANGUAGES = ("de", "en")


def test_the_command_saves_the_main_pages_of_every_role_in_both_languages(tmp_path):
    out = tmp_path / "shots"
    done = subprocess.run(
        [sys.executable, "-m", "lotse", "screenshots", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert str(out) in done.stdout
    for page, role in LISTED:
        for language in LANGUAGES:
            picture = out / f"{page}-{role}-{language}.png"
            assert picture.is_file(), picture.name
            assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", picture.name
            assert picture.stat().st_size > 1000, picture.name


def test_an_unknown_role_is_refused_before_anything_starts(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "lotse", "screenshots", "--out", str(tmp_path), "--role", "x"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "unknown role x" in done.stderr
    assert list(tmp_path.iterdir()) == []
