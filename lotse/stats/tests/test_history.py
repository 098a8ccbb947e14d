"""The demo history: made through the services at the dates it happened, counted by the live
counters into the years 2021–2025, apart from the cast's companies, and made only once."""

from lotse.cases.models import Case
from lotse.demo.cast import cast_membership
from lotse.demo.history import history_load
from lotse.stats import selectors
from lotse.stats.models import REGION
from lotse.stats.rebuild import aggregates_read, stats_rebuild


def test_the_demo_history_fills_the_years_through_the_services(db):
    before = selectors.yearly(scope=REGION)
    made = history_load(scale=0.1)
    assert made == 5 + 8 + 17 + 20 + 22
    yearly = selectors.yearly(scope=REGION)
    started = {
        year: yearly[year].get("started", 0) - before.get(year, {}).get("started", 0)
        for year in range(2021, 2026)
    }
    assert started == {2021: 5, 2022: 8, 2023: 17, 2024: 20, 2025: 22}
    history = Case.objects.filter(company__key__startswith="demo-history-")
    assert history.count() == made
    assert not history.filter(company=cast_membership("company_hr").organisation).exists()
    assert history.filter(state="forwarded").count() > made // 2
    # the engine's law starts in 2023: no pre-check before (a resubmission runs the chamber's
    # pre-check by itself from then on)
    ran = history.filter(events__type="precheck.run").values_list("events__at__year", flat=True)
    assert set(ran) <= {2023, 2024, 2025}, set(ran)
    live = aggregates_read()
    stats_rebuild()
    assert aggregates_read() == live
    assert history_load(scale=0.1) == 0
