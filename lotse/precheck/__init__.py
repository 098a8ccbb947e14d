"""The pre-check engine: which residence pathways a case can take in the § 81a procedure.

Plain Python (pydantic, PyYAML), no Django. Public API:

- `CaseInput`: the input model (JSON schema: `CaseInput.model_json_schema()`).
- `assess(case) -> Assessment`, `assess_json(text) -> Assessment`.
- `Assessment.to_json_dict(lang=None | "de" | "en")`: the assessment as JSON data.
- `text_report(assessment, lang)`: a readable report; `checklist(case)`: mandatory documents.
"""

from lotse.precheck.assessment import Assessment, assess, assess_json, checklist
from lotse.precheck.explain import text_report
from lotse.precheck.model import CaseInput
from lotse.precheck.parameters import ParameterUnavailable

__all__ = [
    "Assessment",
    "CaseInput",
    "ParameterUnavailable",
    "assess",
    "assess_json",
    "checklist",
    "text_report",
]
