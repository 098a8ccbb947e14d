"""The recognition body's clocks from routing's periods per body (§ 14a BQFG and others)."""

import datetime

from lotse.deadlines.clocks import AS_A_RULE, MET, MUST, PAUSED, RUNNING, TARGET, clock_run
from lotse.deadlines.recognition import recognition_clocks

D = datetime.date


def _clocks(**asked):
    clocks, land = recognition_clocks(on=D(2026, 3, 1), region="hannover", **asked)
    return {c.what: c for c in clocks}, land


def test_under_14a_bqfg_the_body_confirms_receipt_within_two_weeks():
    clocks, land = _clocks(category="ihk_occupation")
    receipt = clocks["receipt_confirmation"]
    assert (receipt.basis, receipt.strength, land) == ("§ 14a Abs. 2 S. 1 BQFG", MUST, "NI")
    run = clock_run(receipt, [("recognition.applied", D(2026, 3, 2))], land)
    assert run.end == D(2026, 3, 16)  # Monday + 2 weeks (§ 188 Abs. 2 BGB)
    run = clock_run(
        receipt,
        [("recognition.applied", D(2026, 3, 2)), ("recognition.receipt_confirmed", D(2026, 3, 9))],
        land,
    )
    assert run.state(D(2026, 4, 1)) == MET


def test_the_decision_runs_two_months_from_the_complete_file_and_starts_again():
    clocks, land = _clocks(category="craft_occupation")
    decision = clocks["decision"]
    assert (decision.basis, decision.strength) == ("§ 14a Abs. 3 BQFG", AS_A_RULE)
    confirmed = [
        ("recognition.applied", D(2026, 3, 2)),
        ("recognition.receipt_confirmed", D(2026, 3, 12)),
    ]
    run = clock_run(decision, confirmed, land)
    assert (run.started, run.end) == (D(2026, 3, 12), D(2026, 5, 12))
    asked = [*confirmed, ("recognition.evidence_requested", D(2026, 4, 1))]
    assert clock_run(decision, asked, land).state(D(2026, 4, 20)) == PAUSED
    # § 14a Abs. 3 BQFG counts from the complete documents: the period starts again
    arrived = [*asked, ("recognition.documents_received", D(2026, 4, 30))]
    run = clock_run(decision, arrived, land)
    assert (run.started, run.end, run.state(D(2026, 5, 20))) == (
        D(2026, 4, 30),
        D(2026, 6, 30),
        RUNNING,
    )


def test_the_decision_period_is_extended_once():
    clocks, land = _clocks(category="ihk_occupation")
    events = [
        ("recognition.applied", D(2026, 3, 2)),
        ("recognition.receipt_confirmed", D(2026, 3, 12)),
        ("recognition.extended", D(2026, 5, 4)),
        ("recognition.extended", D(2026, 6, 4)),
    ]
    run = clock_run(clocks["decision"], events, land)
    assert run.extended and run.end == D(2026, 7, 13)  # 12 May + 2 months: 12 Jul, a Sunday


def test_the_zab_counts_its_target_from_forwarding_by_the_holidays_of_bonn():
    clocks, land = _clocks(category="degree_non_regulated")
    assert land == "NW"
    decision = clocks["decision"]
    assert decision.strength == TARGET and decision.who == "zab"
    # 2 months from 2 April end on 2 June; Corpus Christi (4 June) is a holiday in NRW, not in NI
    run = clock_run(decision, [("recognition.applied", D(2026, 4, 4))], land)
    assert run.end == D(2026, 6, 5)


def test_no_clocks_where_no_body_is_known():
    assert recognition_clocks(on=D(2026, 3, 1), region="hannover", category="nonsense") == (
        [],
        "NI",
    )
