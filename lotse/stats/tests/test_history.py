"""The demo history: made through the services at the dates it happened, counted by the live
counters into the years 2021–2025, apart from the cast's companies, and made only once; its
completions per year are the region's published figures."""

from collections import Counter

from lotse.cases.models import Case
from lotse.demo.cast import cast_membership
from lotse.demo.history import FATES, history_load, plans
from lotse.stats import selectors
from lotse.stats.models import REGION
from lotse.stats.rebuild import aggregates_read, stats_rebuild


def test_the_plans_complete_the_regions_published_numbers_in_their_years():
    made = plans()
    assert len(made) == sum(sum(fates.values()) for fates in FATES.values())
    completed = Counter(plan.on("preapprove").year for plan in made if plan.fate == "completed")
    # domain/figures.md: 40 accelerated procedures completed in 2021, 149 in 2023
    assert completed[2021] == 40 and completed[2023] == 149
    assert completed == {year: fates["completed"] for year, fates in FATES.items()}
    assert all(plan.on("preapprove") is None for plan in made if plan.fate != "completed")
    refused = [plan for plan in made if plan.fate == "refused"]
    assert refused and all(plan.on("refuse").year == plan.year for plan in refused)
    for plan in made:  # each track in its order, the pre-approval last
        names = [name for _offset, name, _arguments in plan.steps]
        if "preapprove" in names:
            assert names[-1] == "preapprove"
            assert names.index("accept") < names.index("draft") < names.index("conclude")
            assert names.index("accept") < names.index("request_consent")
    assert plans() == made  # the same on every run


def test_the_demo_history_fills_the_years_through_the_services(db):
    before = selectors.yearly(scope=REGION)
    made = history_load(scale=0.1)
    assert made == 5 + 8 + 17 + 20 + 22
    yearly = selectors.yearly(scope=REGION)

    def added(figure):
        return {
            year: yearly[year].get(figure, 0) - before.get(year, {}).get(figure, 0)
            for year in range(2021, 2026)
        }

    assert added("started") == {2021: 5, 2022: 8, 2023: 17, 2024: 20, 2025: 22}
    planned = Counter(plan.year for plan in plans(scale=0.1) if plan.fate == "completed")
    assert added("completed") == {year: planned.get(year, 0) for year in range(2021, 2026)}
    assert sum(planned.values()) > made // 2
    history = Case.objects.filter(company__key__startswith="demo-history-")
    assert history.count() == made
    assert history.filter(state="completed").count() == sum(planned.values())
    assert not history.filter(company=cast_membership("company_hr").organisation).exists()
    # time per stage includes the procedure's stages
    spreads = selectors.durations(scope=REGION, year=None)
    for stage in ("precheck", "acceptance", "agreement", "consent", "authority", "end_to_end"):
        assert spreads[stage].count > 0, stage
    # the engine's law starts in 2023: no pre-check before (a resubmission runs the chamber's
    # pre-check by itself from then on)
    ran = history.filter(events__type="precheck.run").values_list("events__at__year", flat=True)
    assert set(ran) <= {2023, 2024, 2025}, set(ran)
    live = aggregates_read()
    stats_rebuild()
    assert aggregates_read() == live
    assert history_load(scale=0.1) == 0
