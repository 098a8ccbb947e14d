"""Message catalogues: German and English have the same keys and placeholders, none empty."""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal

from lotse.precheck.explain import MESSAGES, format_money, format_value


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_same_keys_in_german_and_english():
    assert set(MESSAGES["de"]) == set(MESSAGES["en"])


def test_same_placeholders_and_no_empty_text():
    for key, german in MESSAGES["de"].items():
        english = MESSAGES["en"][key]
        assert german.strip() and english.strip(), key
        assert placeholders(german) == placeholders(english), key
        if not key.startswith("ui."):
            assert "citation" in placeholders(german), key


def test_money_formats():
    assert format_money(Decimal("44000"), "de") == "44.000 €"
    assert format_money(Decimal("45934.20"), "de") == "45.934,20 €"
    assert format_money(Decimal("45934.20"), "en") == "€45,934.20"
    assert format_value(date(2024, 3, 1), "de") == "01.03.2024"
    assert format_value(date(2024, 3, 1), "en") == "1 March 2024"
    assert format_value(1.5, "de") == "1,5"


def test_explanation_from_the_issue():
    from lotse.precheck.tests.support import case, run

    assessment = run(
        case(
            reference_date="2026-02-10",
            job__annual_gross_salary_eur=44000,
            job__shortage_occupation=True,
        )
    )
    pathway = assessment.pathway("18g")
    reduced = next(v for v in pathway.variants if v.id == "abs1_reduced")
    salary = next(c for c in reduced.conditions if c.id == "salary_threshold")
    from lotse.precheck.explain import render

    assert render(salary, "de") == (
        "Das Bruttojahresgehalt von 44.000 € liegt unter der Schwelle von 45.934,20 € "
        "(2026, § 18g Abs. 1 S. 2 AufenthG)."
    )
