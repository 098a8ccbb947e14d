"""German and English complete: every message in the code has a German translation, none fuzzy.

English is the source language (msgids), so an English page needs no catalogue entry; German is
checked against a fresh extraction from the code, so a string added without a translation fails."""

import re
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]
GERMAN = ROOT / "lotse" / "locale" / "de" / "LC_MESSAGES" / "django.po"
IGNORE = [
    ".venv",
    "var",
    "lotse/locale",
    "lotse/precheck/*",
    "lotse/routing/*",
    "tests",
    "bench",
    "*/tests/*",
]


def entries(path: Path) -> dict[str, tuple[str, bool]]:
    """msgid → (msgstr, fuzzy) of a .po file (plural forms joined)."""
    result = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" in fields and fields["msgid"]:
            translated = "".join(v for k, v in fields.items() if k.startswith("msgstr"))
            result[fields["msgid"]] = (translated, fuzzy)
    return result


def test_no_empty_or_fuzzy_german_entry():
    german = entries(GERMAN)
    assert german
    assert [msgid for msgid, (text, _f) in german.items() if not text] == []
    assert [msgid for msgid, (_t, fuzzy) in german.items() if fuzzy] == []


def test_every_message_in_the_code_has_a_german_translation(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command("makemessages", locale=["de"], ignore_patterns=IGNORE, verbosity=0)
    fresh = entries(tmp_path / "de" / "LC_MESSAGES" / "django.po")
    german = entries(GERMAN)
    missing = sorted(msgid for msgid in fresh if not german.get(msgid, ("", False))[0])
    assert missing == []


def test_compiled_catalogue_matches_the_source(tmp_path):
    """The committed .mo is what msgfmt makes of the committed .po (no stale translations)."""
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(GERMAN)], check=True)
    assert compiled.read_bytes() == GERMAN.with_suffix(".mo").read_bytes()
