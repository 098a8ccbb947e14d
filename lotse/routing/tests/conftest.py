"""Fixtures: the real Hannover region and the small fictitious test region, loaded from their folders."""

from pathlib import Path

import pytest

from lotse.routing import Region, load_region

REPO = Path(__file__).resolve().parents[3]
HANNOVER_DIR = REPO / "regions" / "hannover"
TEST_REGIONS = Path(__file__).resolve().parent / "regions"


@pytest.fixture(scope="session")
def hannover() -> Region:
    return load_region(HANNOVER_DIR)


@pytest.fixture(scope="session")
def musterkreis() -> Region:
    return load_region(TEST_REGIONS / "musterkreis")
