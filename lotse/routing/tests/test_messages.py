"""German and English are complete: every message and every text of the region's data has both."""

import string
from datetime import date

import pytest
import yaml

from lotse.routing import messages
from lotse.routing.schema import Localized
from lotse.routing.tests.conftest import HANNOVER_DIR, TEST_REGIONS

PLACEHOLDER = string.Formatter()


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in PLACEHOLDER.parse(template) if name}


def test_every_message_key_has_german_and_english():
    de, en = messages.catalogue("de"), messages.catalogue("en")
    assert set(de) == set(en)
    assert all(de[key].strip() and en[key].strip() for key in de)


@pytest.mark.parametrize("key", sorted(messages.catalogue("de")))
def test_both_languages_use_the_same_placeholders(key):
    assert _fields(messages.catalogue("de")[key]) == _fields(messages.catalogue("en")[key])


def test_german_dates_are_dd_mm_yyyy_and_english_day_month_year():
    text = messages.render(
        "validity.range", valid_from=date(2025, 7, 1), valid_until=date(2025, 12, 31)
    )
    assert text == Localized(
        de="gültig vom 01.07.2025 bis 31.12.2025", en="valid from 1 Jul 2025 to 31 Dec 2025"
    )


def _localized_texts(node, path=""):
    """Every {de, en} mapping in a YAML tree, with where it is."""
    if isinstance(node, dict):
        if {"de", "en"} & set(node):
            yield path, node
        for key, value in node.items():
            yield from _localized_texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _localized_texts(value, f"{path}[{i}]")


@pytest.mark.parametrize(
    "path", sorted([*HANNOVER_DIR.glob("*.yaml"), *TEST_REGIONS.glob("*/*.yaml")]), ids=str
)
def test_every_text_in_the_region_data_has_german_and_english(path):
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    for where, text in _localized_texts(tree):
        assert set(text) == {"de", "en"}, where
        assert all(isinstance(v, str) and v.strip() for v in text.values()), where
        assert _fields(text["de"]) == _fields(text["en"]), where
