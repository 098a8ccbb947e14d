"""The forecast: stage durations from a hand-made history with known percentiles, else from the
statutory periods; the costs with their source and debtor."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from lotse.deadlines.forecast import (
    COMPLETED,
    HISTORY_MINIMUM,
    completion_range,
    cost_items,
    costs_total,
    nearest_rank,
    stage_history,
)

D = datetime.date


def _history(recognition_days: list[int], *, completed: bool = True) -> dict:
    """One case per duration: forwarded on 1 Feb 2025, recognition decided `days` later, the
    pre-approval ten days after that."""
    cases = {}
    for number, days in enumerate(recognition_days):
        forwarded = D(2025, 2, 1)
        decided = forwarded + datetime.timedelta(days=days)
        cases[number] = {"dossier.forwarded": forwarded, "recognition.decided": decided}
        if completed:
            cases[number][COMPLETED] = decided + datetime.timedelta(days=10)
    return cases


def test_percentiles_of_a_known_history():
    assert nearest_rank(list(range(1, 21)), 0.8) == 16
    history = stage_history(_history(list(range(41, 61))))  # 41 … 60 days, 20 cases
    assert history["recognition"] == {"count": 20, "median": 50.5, "p80": 56}
    assert history["preapproval"] == {"count": 20, "median": 10, "p80": 10}


def test_fewer_than_twenty_completed_cases_give_only_a_count():
    history = stage_history(_history(list(range(41, 41 + HISTORY_MINIMUM - 1))))
    assert history["recognition"] == {"count": HISTORY_MINIMUM - 1}


def test_open_cases_do_not_count():
    assert stage_history(_history(list(range(41, 61)), completed=False)) == {}


def test_the_range_uses_history_where_it_has_enough_and_says_so():
    history = stage_history(_history(list(range(41, 61))))
    reached = {"case.submitted": D(2026, 1, 5), "dossier.forwarded": D(2026, 1, 12)}
    found = completion_range(reached=reached, today=D(2026, 1, 20), history=history)
    assert [(r["stage"].key, r["source"]) for r in found["stages"]] == [
        ("recognition", "history"),
        ("preapproval", "history"),
    ]
    # 12 Jan + 51 days (the median 50.5, rounded up) + 10 days; 12 Jan + 56 days + 10 days
    assert (found["low"], found["high"]) == (D(2026, 3, 14), D(2026, 3, 19))


def test_without_history_the_statutory_periods_give_the_range():
    reached = {"case.submitted": D(2026, 1, 5), "dossier.forwarded": D(2026, 1, 12)}
    found = completion_range(reached=reached, today=D(2026, 1, 20), history={})
    assert [r["source"] for r in found["stages"]] == ["statutory", "statutory"]
    # § 14a BQFG: 2 weeks (26 Jan) + 2 months (26 Mar), then the agency's week: 2 Apr;
    # with the one extension: 26 May, then 2 Jun
    assert (found["low"], found["high"]) == (D(2026, 4, 2), D(2026, 6, 2))


def test_the_precheck_without_history_or_statute_is_named_as_not_counted():
    found = completion_range(
        reached={"case.submitted": D(2026, 1, 5)}, today=D(2026, 1, 6), history={}
    )
    assert found["stages"][0]["source"] == "none"


@translation.override("en")
def test_costs_name_their_source_and_debtor(story):
    case = story("Kaya")  # an IHK case: the IHK Hannover's own recognition office
    items = cost_items(case=case, day=D(2026, 3, 1), persons=2, fee_by_employer=False, payload={})
    fee, visa, recognition, translations = items
    assert (fee["low"], fee["source"]) == (
        Decimal(411),
        "§ 47 Abs. 1 Nr. 15 AufenthV (unchanged since 01.03.2020)",
    )
    assert "worker" in str(fee["debtor"])
    assert (visa["low"], visa["source"]) == (Decimal(150), "§ 46 Abs. 2 Nr. 1 AufenthV")
    assert (recognition["low"], recognition["unconfirmed"]) == (Decimal(300), True)
    assert "BQ-Portal" in recognition["source"]
    assert translations["low"] is None and "Niedersachsen" in translations["source"]
    assert costs_total(items) == (Decimal(861), Decimal(861))
    taken_over = cost_items(
        case=case, day=D(2026, 3, 1), persons=1, fee_by_employer=True, payload={}
    )
    assert "employer" in str(taken_over[0]["debtor"])


def test_the_zab_fee_for_a_degree(story):
    case = story("Kaya")
    items = cost_items(
        case=case,
        day=D(2026, 3, 1),
        persons=1,
        fee_by_employer=False,
        payload={"category": "degree_non_regulated"},
    )
    assert (items[2]["low"], items[2]["high"]) == (Decimal(200), Decimal(208))


def test_the_case_page_shows_the_forecast(login, story):
    kaya = story("Kaya")
    page = login("company_hr").get(reverse("cases:detail", args=[kaya.pk]))
    text = page.content.decode()
    assert 'id="forecast"' in text and "411" in text
    assert "Kostenübernahmeerklärung" in text  # the debtor, in German


def test_the_history_reads_only_the_newest_completions_in_one_query(
    db, monkeypatch, story, django_assert_num_queries
):
    """The demo completed two procedures: Benali's (2 Apr 2026) and Bondarenko's (its last
    pre-approval, for a family member, on 6 Apr 2026). A window of one holds only the newest."""
    from lotse.deadlines import forecast

    bondarenko, benali = story("Bondarenko"), story("Benali")
    monkeypatch.setattr(forecast, "HISTORY_WINDOW", 1)
    with django_assert_num_queries(1):
        assert set(forecast._milestones()) == {bondarenko.pk}
    monkeypatch.setattr(forecast, "HISTORY_WINDOW", 2)
    found = forecast._milestones()
    assert set(found) == {bondarenko.pk, benali.pk}
    assert found[benali.pk][COMPLETED] == D(2026, 4, 2)
