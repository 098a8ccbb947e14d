"""Each figure from a small hand-made log whose answer is known: starts counted once despite a
resubmission, rejections counted each, completion only for the worker, durations per stage,
statutory deadlines kept and missed, the same counts for every partner taking part, and the live
tables equal to a rebuild from the log."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from lotse.orgs.models import Membership
from lotse.stats import selectors
from lotse.stats.models import REGION
from lotse.stats.rebuild import aggregates_read, stats_rebuild
from lotse.stats.tests.log import case_of, log


def test_the_procedure_course_per_month(history):
    scope = str(history.pk)
    assert selectors.monthly(scope=scope, year=2024) == {
        "started": {1: 2, 3: 1},
        "returned": {1: 1},
        "rejected": {2: 1},
        "accepted": {2: 1},
        "completed": {5: 1},
        "withdrawn": {3: 1},
        "no_prospect": {3: 1},
        "refused": {3: 1},
    }
    assert selectors.yearly(scope=scope)[2025] == {"started": 1, "completed": 1}


def test_the_target_title_narrows_and_splits(history):
    scope = str(history.pk)
    assert selectors.monthly(scope=scope, year=2024, title="18a")["started"] == {1: 1}
    found = selectors.by_title(scope=scope, year=2024, figures=("started",))
    assert found == {"started": {"18a": 1, "": 2}}


def test_stage_durations_median_and_80th_percentile(history):
    scope = str(history.pk)
    spreads = selectors.durations(scope=scope, year=2024)
    # A: 10 Jan → 9 Feb (the first forwarding), B: 15 Jan → 14 Feb
    assert spreads["precheck"] == selectors.Spread(2, 30, 30)
    assert spreads["acceptance"] == selectors.Spread(1, 14, 14)  # 9 Feb → 23 Feb
    assert spreads["consent"] == selectors.Spread(2, 5, 16)
    assert spreads["authority"] == selectors.Spread(1, 77, 77)  # 23 Feb → 10 May
    assert spreads["end_to_end"] == selectors.Spread(1, 121, 121)  # 10 Jan → 10 May
    assert selectors.durations(scope=scope, year=2025)["end_to_end"].median == 81
    assert selectors.durations(scope=scope, year=None)["precheck"] == selectors.Spread(3, 30, 30)


def test_percentiles_by_nearest_rank():
    assert selectors.percentile({1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, 0.5) == 3
    assert selectors.percentile({1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, 0.8) == 4
    assert selectors.percentile({10: 1, 20: 1}, 0.5) == 10
    assert selectors.percentile({}, 0.5) is None


def test_statutory_deadlines_kept_and_missed(history):
    # § 36 Abs. 2 S. 2 BeschV: one week for the Federal Employment Agency
    assert selectors.deadlines(scope=str(history.pk), year=2024) == {"agency_consent": (1, 1)}


def test_every_partner_taking_part_counts_from_then_on(history, cast):
    chamber = str(cast("ihk_adviser").organisation_id)
    authority = str(Membership.objects.get(pk=cast("zentralstelle_caseworker").pk).organisation_id)
    assert selectors.monthly(scope=chamber, year=2024)["started"].get(1, 0) >= 2
    # the authority took part from the forwarding: A's and B's starts are not its own
    own = selectors.monthly(scope=str(history.pk), year=2024)
    assert own["started"][1] == 2
    authority_2024 = selectors.durations(scope=authority, year=2024)
    assert authority_2024["end_to_end"].count >= 1


def test_the_region_counts_every_case(history):
    region = selectors.monthly(scope=REGION, year=2024)
    assert region["withdrawn"].get(3, 0) >= 1
    assert region["refused"][3] >= 1


def test_the_live_tables_equal_a_rebuild_from_the_log(history):
    live = aggregates_read()
    assert live["figures"] and live["durations"] and live["backlog"]
    stats_rebuild()
    assert aggregates_read() == live
    call_command("stats_rebuild", stdout=io.StringIO())
    assert aggregates_read() == live


def test_a_rolled_back_event_counts_nothing(history, cast):
    before = aggregates_read()
    with pytest.raises(RuntimeError), transaction.atomic():
        log(case_of(history, cast("company_hr"), "S-E"), "case.submitted", "2024-06-01")
        raise RuntimeError
    assert aggregates_read() == before


def test_the_backlog_is_the_open_cases_each_partner_acts_on(history, cast):
    scope, opener = str(history.pk), cast("company_hr")
    # the hand-made cases never left the company's desk: it acts next on all four
    assert selectors.backlog(organisations=[scope]) == {scope: 4}
    assert selectors.backlog_of_contact(organisation=scope, contact=str(opener.pk)) == 4


def test_the_backlog_moves_with_the_case_through_the_services(cast):
    from lotse.cases import services
    from lotse.demo.stories import valid_intake
    from lotse.orgs.models import Organisation

    hr = cast("company_hr")
    company, chamber = str(hr.organisation_id), str(cast("ihk_adviser").organisation_id)
    before = selectors.backlog(organisations=[company, chamber])
    case = services.case_create(actor=hr, fields=valid_intake())
    assert selectors.backlog(organisations=[company])[company] == before[company] + 1
    services.case_submit(case=case, actor=hr, chamber=Organisation.objects.get(key="ihk-hannover"))
    after = selectors.backlog(organisations=[company, chamber])
    assert after == {company: before[company], chamber: before[chamber] + 1}
    live = aggregates_read()
    stats_rebuild()
    assert aggregates_read() == live
