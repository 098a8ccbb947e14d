"""Deadlines kept, the recognition body's among them (§ 14a BQFG), counted by the same clocks as
the case page's: a hand-made log across a Lower Saxony holiday, a pause with its restart, and a
period missed, for the company's scope and each partner's; then the rebuild from the log."""

from lotse.deadlines.selectors import clock_events, clock_runs
from lotse.stats import selectors, tables
from lotse.stats.rebuild import aggregates_read, stats_rebuild
from lotse.stats.tests.log import case_of, company_of_its_own, log

IHK = {"category": "ihk_occupation"}  # the IHK's own occupations: § 14a BQFG (NI's holidays)


def _history(cast):
    company = company_of_its_own("stats-clocks-gmbh")
    opener = cast("company_hr")
    body = cast("ihk_adviser")
    e = case_of(company, opener, "S-E")
    log(e, "recognition.applied", "2026-03-02", **IHK)  # receipt due Mon 16 Mar
    log(e, "recognition.receipt_confirmed", "2026-03-10", actor=body)  # kept; decision 11 May
    log(e, "recognition.decided", "2026-05-12", actor=body, outcome="full")  # missed
    f = case_of(company, opener, "S-F")
    log(f, "recognition.applied", "2025-08-15", **IHK)  # receipt due Fri 29 Aug
    log(f, "recognition.receipt_confirmed", "2025-08-31", actor=body)  # missed
    # two months from 31 Aug end on Fri 31 Oct, Reformation Day in Lower Saxony: Mon 3 Nov
    log(f, "recognition.decided", "2025-11-03", actor=body, outcome="full")  # kept
    # the embassy's three weeks from Fri 10 Oct 2025 end on 31 Oct too: Mon 3 Nov (§ 31a AufenthV)
    log(f, "preapproval.issued", "2025-09-15", person="worker")
    log(f, "visa.appointment_requested", "2025-09-16", person="worker")
    log(f, "visa.appointment_booked", "2025-09-20", person="worker")
    log(f, "visa.applied", "2025-10-10", person="worker")
    log(f, "visa.issued", "2025-11-03", person="worker")  # kept
    g = case_of(company, opener, "S-G")
    log(g, "recognition.applied", "2026-01-05", **IHK)
    log(g, "recognition.receipt_confirmed", "2026-01-12", actor=body)  # kept
    log(g, "recognition.evidence_requested", "2026-01-20", actor=body)  # pauses the decision
    # § 14a Abs. 3 BQFG: two months from the complete file, 20 Feb → Mon 20 Apr
    log(g, "recognition.documents_received", "2026-02-20", actor=body)
    log(g, "recognition.decided", "2026-04-15", actor=body, outcome="partial")  # kept
    return company, (e, f, g)


def test_the_recognition_bodys_deadlines_count_as_kept_or_missed(cast):
    company, _cases = _history(cast)
    scope = str(company.pk)
    assert selectors.deadlines(scope=scope, year=2026) == {
        "recognition_receipt_confirmation": (2, 0),
        "recognition_decision": (1, 1),
    }
    assert selectors.deadlines(scope=scope, year=2025) == {
        "recognition_receipt_confirmation": (0, 1),
        "recognition_decision": (1, 0),  # kept only because of Reformation Day
        "visa_decision": (1, 0),
    }


def test_the_partner_that_records_them_counts_them_too(cast):
    chamber = str(cast("ihk_adviser").organisation_id)
    before = selectors.deadlines(scope=chamber, year=2026).get("recognition_decision", (0, 0))
    _history(cast)
    kept, missed = selectors.deadlines(scope=chamber, year=2026)["recognition_decision"]
    # the body counts from its first step in E and G: G's decision kept, E's missed
    assert (kept - before[0], missed - before[1]) == (1, 1)


def test_the_counts_agree_with_the_case_pages_clocks(cast):
    _company, cases = _history(cast)
    events = clock_events([case.pk for case in cases])
    late = {}
    for case in cases:
        for item in clock_runs(events[case.pk], region="hannover", chamber_kind=""):
            if item.run.met is not None:
                late[case.reference, item.clock.id] = item.run.late
    assert late[("S-F", "recognition_decision")] is False
    assert late[("S-E", "recognition_decision")] is True
    assert late[("S-G", "recognition_decision")] is False


def test_the_dashboards_table_names_the_recognition_deadlines_with_their_basis(cast):
    company, _cases = _history(cast)
    filters = tables.Filters(scope=str(company.pk), year=2026)
    table = tables.deadlines(filters)
    rows = {row[0]: row[1:] for row in table.rows}
    label = tables.clock_label("recognition_decision")
    assert rows[label][0].startswith("§ 14a Abs. 3 BQFG")
    assert rows[label][1:] == [1, 1, 50]
    assert tables.clock_label("recognition_answer") not in rows  # a practice, nothing counted


def test_a_rebuild_from_the_log_counts_the_same(cast):
    _history(cast)
    live = aggregates_read()
    stats_rebuild()
    assert aggregates_read() == live
