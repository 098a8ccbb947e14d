"""A region is a folder of data: loading, validation, and the folder's location."""

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from lotse.routing import RegionDataError, agreement_authority, get_region, load_region, regions_dir
from lotse.routing.region import clear_cache
from lotse.routing.tests.conftest import HANNOVER_DIR, REPO, TEST_REGIONS


def test_regions_are_found_in_the_repository_by_default(monkeypatch):
    monkeypatch.delenv("LOTSE_REGIONS_DIR", raising=False)
    assert regions_dir() == REPO / "regions"
    assert get_region().key == "hannover"


def test_the_environment_variable_points_elsewhere(monkeypatch):
    monkeypatch.setenv("LOTSE_REGIONS_DIR", str(TEST_REGIONS))
    assert regions_dir() == TEST_REGIONS
    assert get_region("musterkreis").key == "musterkreis"
    answer = agreement_authority(workplace="Musterstadt", on=date(2024, 4, 1), region="musterkreis")
    assert answer.organisation_key == "zentrale-abh"


def test_every_organisation_a_rule_names_is_in_organisations_yaml(hannover):
    listed = {
        o["key"]
        for o in yaml.safe_load((HANNOVER_DIR / "organisations.yaml").read_text())["organisations"]
    }
    named = {
        b.organisation
        for question in (hannover.agreement, hannover.residence)
        for rule in question.rules
        for branches in rule.branch_lists()
        for b in branches
    } | {r.organisation for r in (*hannover.chamber_rules, *hannover.recognition_rules)}
    assert named - {None} <= listed


def test_agreement_rules_cover_every_day_from_march_2020_without_gaps(hannover):
    rules = sorted(hannover.agreement.rules, key=lambda r: r.valid_from)
    assert rules[0].valid_from == date(2020, 3, 1) and rules[-1].valid_until is None
    for before, after in zip(rules, rules[1:], strict=False):
        assert (after.valid_from - before.valid_until).days == 1


@pytest.fixture
def editable(tmp_path) -> Path:
    """A copy of the test region to break on purpose."""
    target = tmp_path / "musterkreis"
    shutil.copytree(TEST_REGIONS / "musterkreis", target)
    yield target
    clear_cache()


def _edit(folder: Path, name: str, change) -> None:
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _rules(data):
    return data["agreement_authority"]["rules"]


@pytest.mark.parametrize(
    ("name", "change", "problem"),
    [
        ("routing.yaml", lambda d: _rules(d)[1].update(valid_from=date(2024, 3, 31)), "overlap"),
        ("routing.yaml", lambda d: _rules(d)[0]["assign"][0].update(organisation="x"), "unknown"),
        ("routing.yaml", lambda d: _rules(d)[0].update(sources=["nowhere"]), "unknown rule"),
        ("routing.yaml", lambda d: _rules(d)[0].update(valid_until=date(2019, 1, 1)), "before"),
        ("routing.yaml", lambda d: _rules(d)[1].update(id="kreis-bis-2024-03"), "duplicate"),
        ("routing.yaml", lambda d: _rules(d)[0].pop("assign"), "exactly one"),
        ("routing.yaml", lambda d: _rules(d)[0].update(becuase="typo"), "becuase"),
        (
            "routing.yaml",
            lambda d: d["residence_authority"]["rules"][0]["assign"].pop(),
            "not every municipality",
        ),
        ("routing.yaml", lambda d: _rules(d)[0]["because"].pop("en"), "en"),
        ("neighbours.yaml", lambda d: d["places"][0].update(state="XX"), "state.XX"),
    ],
)
def test_inconsistent_data_fails_on_load(editable, name, change, problem):
    _edit(editable, name, change)
    with pytest.raises(ValueError, match=problem):
        load_region(editable)


def test_a_folder_without_region_yaml_is_refused(tmp_path):
    with pytest.raises(RegionDataError, match="no region.yaml"):
        load_region(tmp_path)


def test_the_answer_is_frozen(hannover):
    answer = agreement_authority(workplace="Hannover", on=date(2026, 1, 1), region=hannover)
    with pytest.raises(ValueError):
        answer.organisation_key = "abh-lhh"  # type: ignore[misc]


def test_organisation_names_fit_the_platform_columns():
    """`Organisation.name` holds 200 characters, `short_name` 80 (PostgreSQL refuses longer)."""
    organisations = yaml.safe_load((HANNOVER_DIR / "organisations.yaml").read_text())
    for entry in organisations["organisations"]:
        assert len(entry["name"]) <= 200 and len(entry["short_name"]) <= 80, entry["key"]
