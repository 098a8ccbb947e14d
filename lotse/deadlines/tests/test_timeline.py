"""Each clock's start, pauses and end in the case's timeline (issue 17), among the events and
without a query of its own."""

import datetime
import re

from django.urls import reverse
from django.utils import translation

from lotse.cases.panels import TimelineEntry, timeline_merge
from lotse.core import clock
from lotse.deadlines import selectors
from lotse.deadlines.clocks import Run, statutory_clocks
from lotse.deadlines.selectors import CaseClock, clock_timeline

D = datetime.date


def _timeline(html: str) -> list[tuple[str, str]]:
    """(class of the line, its date) of each line of the page's timeline, in order."""
    section = html[html.index('id="history"') :]
    return re.findall(r'<li(?: class="([^"]*)")?><time datetime="([^"T]{10})', section)


def test_the_timeline_shows_the_agencys_week_from_its_start_to_its_end(login, story):
    kaya = story("Kaya")  # consent requested on Monday 17 March 2025, no answer since
    page = login("abh_city_caseworker").get(reverse("cases:detail", args=[kaya.pk]))
    text = page.content.decode()
    lines = _timeline(text)
    start = lines.index(("timeline-clock clock-start", "2025-03-17"))
    assert lines[start - 1][0] == ""  # after the request that started it
    assert lines[-1] == ("timeline-clock clock-expired", "2025-03-24")  # closes the timeline
    assert "Frist beginnt: Zustimmung der Bundesagentur für Arbeit" in text
    assert "Frist abgelaufen: Zustimmung der Bundesagentur für Arbeit" in text
    assert "Endet am 24.03.2025" in text


def test_met_periods_sit_among_the_events_on_the_day_they_were_met(login, story):
    bondarenko = story("Bondarenko")
    client = login("zentralstelle_caseworker")
    page = client.get(reverse("cases:detail", args=[bondarenko.pk]) + "?timeline=all")
    lines = _timeline(page.content.decode())
    clocks = [(kind, day) for kind, day in lines if kind]
    assert [day for _kind, day in clocks] == sorted(day for _kind, day in clocks)
    starts = [day for kind, day in clocks if kind.endswith("clock-start")]
    met = [day for kind, day in clocks if kind.endswith("clock-met")]
    assert len(starts) == 10 and "2026-03-20" in met  # the recognition decided in time
    # the employer's report of the early end (within four weeks of 15 September) closes it
    assert lines[-2:] == [("", "2026-09-30"), ("timeline-clock clock-met", "2026-09-30")]


def test_a_pause_and_its_end_are_lines_of_their_own(story, monkeypatch):
    """A hand-made run (paused from 2 to 12 March 2026: its end moved by the ten days)."""
    item = statutory_clocks()["agency_consent"]
    run = Run(item, D(2026, 2, 16), D(2026, 4, 26))
    run.pauses = [(D(2026, 3, 2), D(2026, 3, 12))]
    monkeypatch.setattr(
        selectors, "case_clock_runs", lambda case, events: [CaseClock(item, "", run)]
    )
    with translation.override("en"), clock.travel_to(D(2026, 3, 20)):
        lines = clock_timeline(story("Kaya"), None, [])
    assert [(line.kind, line.day) for line in lines] == [
        ("clock-start", D(2026, 2, 16)),
        ("clock-pause", D(2026, 3, 2)),
        ("clock-resume", D(2026, 3, 12)),
        ("clock-running", D(2026, 4, 27)),  # 26 April 2026 is a Sunday (§ 193 BGB)
    ]
    assert lines[2].label.startswith("Period runs again:")
    assert lines[2].detail == "Ends on 27 Apr 2026"


def test_a_line_follows_the_events_of_its_day():
    class Event:
        def __init__(self, day, hour):
            self.at = datetime.datetime(2026, 3, day, hour, tzinfo=clock.BERLIN)

    first, second, third = Event(2, 9), Event(2, 15), Event(5, 9)
    start = TimelineEntry(D(2026, 3, 2), "start", rank=0)
    end = TimelineEntry(D(2026, 3, 9), "end", rank=3)
    pause = TimelineEntry(D(2026, 3, 4), "pause", rank=1)

    from lotse.cases import panels

    registered = panels._TIMELINE[:]
    try:
        panels._TIMELINE[:] = [lambda case, view, events: [end, pause, start]]
        merged = timeline_merge(case=None, view=None, events=[], shown=[first, second, third])
    finally:
        panels._TIMELINE[:] = registered
    assert merged == [first, second, start, pause, third, end]


def test_the_clock_lines_ask_no_query_of_their_own(login, story, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lotse.cases import panels

    client = login("abh_city_caseworker")
    page = reverse("cases:detail", args=[story("Kaya").pk])
    client.get(page)
    with CaptureQueriesContext(connection) as with_lines:
        client.get(page)
    registered = panels._TIMELINE[:]
    try:
        panels._TIMELINE[:] = []
        with django_assert_max_num_queries(len(with_lines.captured_queries)):
            text = client.get(page).content.decode()
    finally:
        panels._TIMELINE[:] = registered
    assert "timeline-clock" not in text
    assert len(with_lines.captured_queries) <= 10


def test_a_long_timeline_shows_its_newest_lines_and_the_rest_on_request(login, story):
    from lotse.cases.views.pages import TIMELINE_SHOWN

    client = login("zentralstelle_caseworker")
    address = reverse("cases:detail", args=[story("Bondarenko").pk])
    whole = _timeline(client.get(address + "?timeline=all").content.decode())
    text = client.get(address).content.decode()
    assert len(whole) > TIMELINE_SHOWN
    assert _timeline(text) == whole[-TIMELINE_SHOWN:]
    left_out = len(whole) - TIMELINE_SHOWN
    assert f"{left_out} frühere Einträge sind nicht angezeigt" in text
    assert 'href="?timeline=all#history"' in text
