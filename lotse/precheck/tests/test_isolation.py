"""The engine is plain Python: importable and usable with Django made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import sys
sys.modules["django"] = None  # any `import django` now raises ImportError
import lotse.precheck
from lotse.precheck import assess, CaseInput
from lotse.precheck.cli import main
assess(CaseInput.model_validate({"reference_date": "2025-01-01"})).to_json_dict()
assert not any(name == "django" or name.startswith("django.") for name in sys.modules
               if sys.modules[name] is not None)
print("ok")
"""


def test_precheck_imports_without_django():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_ruff_config_bans_django():
    config = (ROOT / "lotse" / "precheck" / "ruff.toml").read_text(encoding="utf-8")
    assert 'extend = "../../pyproject.toml"' in config
    assert '"django".msg' in config
