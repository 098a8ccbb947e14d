"""One clock: travelling in time holds for the context that travels only, and every row's times
(`created_at`, `updated_at`) come from it."""

import datetime
import threading

from lotse.cases import services
from lotse.core import clock
from lotse.demo.stories import valid_intake


def test_travelling_holds_for_this_thread_only():
    seen = {}
    inside, leave = threading.Event(), threading.Event()

    def traveller():
        with clock.travel_to(datetime.date(2025, 7, 1)):
            seen["traveller"] = clock.today()
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=traveller)
    thread.start()
    inside.wait(5)
    seen["bystander"] = clock.today()
    leave.set()
    thread.join()
    assert seen["traveller"] == datetime.date(2025, 7, 1)
    assert seen["bystander"] != datetime.date(2025, 7, 1)


def test_journeys_nest_and_return():
    with clock.travel_to(datetime.date(2025, 1, 2)):
        with clock.travel_to(datetime.date(2026, 3, 4)):
            assert clock.today() == datetime.date(2026, 3, 4)
        assert clock.today() == datetime.date(2025, 1, 2)
    assert clock.today() != datetime.date(2025, 1, 2)


def test_a_change_is_dated_by_the_clock(cast):
    with clock.travel_to(datetime.date(2025, 2, 3)):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
    with clock.travel_to(datetime.date(2025, 2, 10)):
        services.case_update(case=case, actor=cast("company_hr"), fields={"job_title": "Meister"})
    case.refresh_from_db()
    berlin = clock.BERLIN
    assert case.created_at.astimezone(berlin).date() == datetime.date(2025, 2, 3)
    assert case.updated_at.astimezone(berlin).date() == datetime.date(2025, 2, 10)
