"""Each statutory clock started by its event, met, paused and resumed, restarted, extended."""

from __future__ import annotations

import dataclasses
import datetime

from lotse.deadlines.clocks import EXPIRED, MET, PAUSED, RUNNING, clock_run, statutory_clocks
from lotse.deadlines.periods import parse_length

D = datetime.date


def test_the_agencys_week_runs_from_the_request_and_expires_into_deemed_consent():
    clock = statutory_clocks()["agency_consent"]
    assert (clock.basis, clock.on_expiry, clock.binding) == (
        "§ 36 Abs. 2 S. 2 BeschV",
        "deemed_consent",
        True,
    )
    run = clock_run(clock, [("consent.requested", D(2026, 5, 7))])
    assert run.end == D(2026, 5, 15)  # a week ends Thursday 14 May: Ascension Day (§ 193 BGB)
    assert run.state(D(2026, 5, 15)) == RUNNING
    assert run.state(D(2026, 5, 16)) == EXPIRED


def test_a_request_for_information_stops_the_consent_fiction():
    clock = statutory_clocks()["agency_consent"]
    run = clock_run(
        clock,
        [("consent.requested", D(2026, 3, 2)), ("consent.information_requested", D(2026, 3, 4))],
    )
    assert run.state(D(2026, 4, 1)) == MET and run.met == D(2026, 3, 4)


def test_the_authoritys_three_werktage_start_with_the_recognition_bodys_request():
    clock = statutory_clocks()["authority_invitation"]
    assert clock.basis == "§ 81a Abs. 3 S. 1 Nr. 3 AufenthG"
    run = clock_run(clock, [("recognition.evidence_requested", D(2026, 12, 23))])
    assert run.end == D(2026, 12, 29)
    run = clock_run(
        clock, [("recognition.evidence_requested", D(2026, 4, 2))], saturday_counts=False
    )
    assert run.end == D(2026, 4, 9)


def test_the_visa_appointment_clock_needs_the_pre_approval_and_the_workers_request():
    clock = statutory_clocks()["visa_appointment"]
    assert clock_run(clock, [("preapproval.issued", D(2026, 3, 2))]) is None
    run = clock_run(
        clock,
        [("preapproval.issued", D(2026, 3, 2)), ("visa.appointment_requested", D(2026, 3, 10))],
    )
    assert (run.started, run.end) == (D(2026, 3, 10), D(2026, 3, 31))
    assert clock.date_unconfirmed


def test_only_binding_periods_escalate():
    clocks = statutory_clocks()
    assert clocks["visa_decision"].binding is False
    assert clocks["employment_end_notice"].binding is True


def test_a_pause_moves_the_end_by_the_paused_days_and_a_restart_counts_anew():
    clock = dataclasses.replace(
        statutory_clocks()["visa_decision"],
        length=parse_length("2m"),
        pauses=frozenset({"paused"}),
        resumes=frozenset({"resumed"}),
        restarts=frozenset({"documents.completed"}),
        extends=frozenset({"extended"}),
    )
    events = [("visa.applied", D(2026, 1, 15)), ("paused", D(2026, 2, 2))]
    run = clock_run(clock, events)
    assert run.state(D(2026, 2, 10)) == PAUSED
    run = clock_run(clock, [*events, ("resumed", D(2026, 2, 12))])
    assert run.end == D(2026, 3, 25)  # counted 15 March (a Sunday) + 10 paused days
    run = clock_run(
        clock, [*events, ("resumed", D(2026, 2, 12)), ("documents.completed", D(2026, 3, 2))]
    )
    assert (run.started, run.end, run.pauses) == (D(2026, 3, 2), D(2026, 5, 4), [])
    run = clock_run(clock, [("visa.applied", D(2026, 1, 15)), ("extended", D(2026, 3, 1))])
    assert run.end == D(2026, 5, 15) and run.extended  # counted 15 March + 2 months, once


def test_a_clock_does_not_start_before_its_rule_took_effect():
    clock = statutory_clocks()["visa_appointment"]
    events = [("preapproval.issued", D(2025, 9, 1)), ("visa.appointment_requested", D(2025, 9, 2))]
    assert clock_run(clock, events) is None


def test_the_visa_decision_runs_three_weeks_from_the_application_and_stops_with_it():
    clock = statutory_clocks()["visa_decision"]
    assert (clock.basis, clock.strength) == ("§ 31a Abs. 2 AufenthV", "as_a_rule")
    run = clock_run(clock, [("visa.applied", D(2026, 6, 1))])
    assert run.end == D(2026, 6, 22)
    run = clock_run(clock, [("visa.applied", D(2026, 6, 1)), ("visa.issued", D(2026, 6, 10))])
    assert run.state(D(2026, 7, 1)) == MET and not run.late


def test_the_employers_report_counts_from_the_day_the_employment_ended():
    """§ 4a Abs. 5 S. 3 Nr. 3 AufenthG: 4 weeks from the day the employer learns of the early
    end; the report is the event, so the clock shows whether it came in time."""
    clock = statutory_clocks()["employment_end_notice"]
    in_time = clock_run(clock, [("employment.ended_early", D(2026, 3, 20), {"date": "2026-03-02"})])
    assert (in_time.started, in_time.end, in_time.met, in_time.late) == (
        D(2026, 3, 2),
        D(2026, 3, 30),
        D(2026, 3, 20),
        False,
    )
    late = clock_run(clock, [("employment.ended_early", D(2026, 4, 7), {"date": "2026-03-02"})])
    assert late.late


def test_each_person_has_a_visa_clock_of_their_own():
    from lotse.deadlines.selectors import clock_runs

    events = [
        ("preapproval.issued", D(2026, 3, 2), {"person": "worker"}),
        ("preapproval.issued", D(2026, 3, 2), {"person": "7"}),
        ("visa.appointment_requested", D(2026, 3, 10), {"person": "worker"}),
        ("visa.appointment_requested", D(2026, 3, 17), {"person": "7"}),
        ("visa.appointment_booked", D(2026, 3, 20), {"person": "worker"}),
    ]
    runs = {
        r.person: r.run
        for r in clock_runs(events, region="hannover")
        if r.clock.id == "visa_appointment"
    }
    assert runs["worker"].state(D(2026, 4, 20)) == MET
    assert (runs["7"].started, runs["7"].end, runs["7"].state(D(2026, 4, 20))) == (
        D(2026, 3, 17),
        D(2026, 4, 7),
        EXPIRED,
    )
