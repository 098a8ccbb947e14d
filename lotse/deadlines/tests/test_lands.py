"""Which Land's public holidays end each clock (§ 193 BGB, § 31 Abs. 3 VwVfG): one rule for all,
the owner's seat where the region's data name one, else the region's Land. The mission abroad's
periods (§ 31a AufenthV) end by the region's holidays, tested across Lower Saxony's Reformation
Day (31 October), which Hesse does not keep."""

from __future__ import annotations

import datetime
from pathlib import Path

from lotse.deadlines.recognition import seat_land
from lotse.deadlines.selectors import clock_runs

D = datetime.date
TEST_REGIONS = Path(__file__).resolve().parents[2] / "routing" / "tests" / "regions"


def _ends(events, region: str) -> dict[str, datetime.date]:
    return {r.clock.id: r.run.end for r in clock_runs(events, region=region)}


def test_each_owner_sits_in_the_regions_land_unless_its_data_seat_it_elsewhere():
    assert seat_land("embassy", "hannover") == "NI"  # abroad: no Land of its own
    assert seat_land("employment_agency", "hannover") == "NI"
    assert seat_land("authority", "hannover") == "NI"
    assert seat_land("zab", "hannover") == "NW"  # the ZAB in Bonn (organisations.yaml)


def test_the_visa_decision_moves_off_lower_saxonys_reformation_day():
    # § 31a Abs. 2 AufenthV: three weeks from Friday 10 Oct 2025 end on Friday 31 Oct, Reformation
    # Day in Lower Saxony; § 193 BGB moves the end to Monday 3 Nov.
    ends = _ends([("visa.applied", D(2025, 10, 10), {"person": "worker"})], "hannover")
    assert ends["visa_decision"] == D(2025, 11, 3)


def test_the_visa_appointment_moves_off_lower_saxonys_reformation_day():
    # § 31a Abs. 1 AufenthV (as amended, from 30 Oct 2025): pre-approval and the worker's request
    # on Wednesday 10 Oct 2029; three weeks end on Wednesday 31 Oct, a holiday in Lower Saxony,
    # so the embassy has until Thursday 1 Nov (All Saints' Day is no holiday there).
    events = [
        ("preapproval.issued", D(2029, 10, 8), {"person": "worker"}),
        ("visa.appointment_requested", D(2029, 10, 10), {"person": "worker"}),
    ]
    assert _ends(events, "hannover")["visa_appointment"] == D(2029, 11, 1)


def test_a_region_in_another_land_counts_with_that_lands_holidays(monkeypatch):
    # the test region Musterkreis lies in Hesse, which keeps no Reformation Day
    monkeypatch.setenv("LOTSE_REGIONS_DIR", str(TEST_REGIONS))
    assert seat_land("embassy", "musterkreis") == "HE"
    ends = _ends([("visa.applied", D(2025, 10, 10), {"person": "worker"})], "musterkreis")
    assert ends["visa_decision"] == D(2025, 10, 31)
