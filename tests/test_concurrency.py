"""Exactly one wins: concurrent steps on one case serialise on its row lock (PostgreSQL only:
SQLite has no row locks, and its single writer makes the race moot)."""

import threading

import pytest
from django.db import connection

from lotse.cases.log import chain_verify
from lotse.core.errors import DomainError
from lotse.demo.stories import PAPER_DOSSIER

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    from lotse.demo.load import demo_load

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    demo_load()


def race(*steps):
    """Run the steps at once in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(steps))
    results = [None] * len(steps)

    def run(index, step):
        barrier.wait()
        try:
            results[index] = step()
        except Exception as error:  # the loser's refusal is the point of the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_advisers_forwarding_at_once_exactly_one_wins(demo):
    from lotse.cases.models import Case
    from lotse.demo.cast import cast_membership
    from lotse.forwarding.services import case_forward

    case = Case.objects.get(worker_last_name="Raman")
    adviser, lead = cast_membership("ihk_adviser"), cast_membership("ihk_lead")
    results = race(
        lambda: case_forward(case=case, actor=adviser, reason=PAPER_DOSSIER),
        lambda: case_forward(case=case, actor=lead, reason=PAPER_DOSSIER),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
    assert errors[0].code == "wrong_state"
    assert case.events.filter(type="dossier.forwarded").count() == 1
    assert chain_verify(case.events.order_by("seq")) is None


def test_concurrent_steps_keep_one_unbroken_chain(demo):
    from lotse.cases import services
    from lotse.cases.models import Case
    from lotse.cases.prechecks import case_run_precheck
    from lotse.demo.cast import cast_membership

    case = Case.objects.get(worker_last_name="Raman")
    company, adviser = cast_membership("company_hr"), cast_membership("ihk_adviser")
    before = case.events.count()
    # the company's self-check and the adviser's advice, both allowed again and again
    results = race(
        *[lambda: case_run_precheck(case=case, actor=company)] * 3,
        *[lambda: services.case_advise_no_prospect(case=case, actor=adviser, reasons="y")] * 3,
    )
    assert not [r for r in results if isinstance(r, Exception)]
    assert case.events.count() == before + 6
    assert chain_verify(case.events.order_by("seq")) is None


def test_two_people_stepping_on_the_same_version_exactly_one_wins(demo):
    """Both chose their step on the same version of the case (two browser tabs, two systems):
    the first step is taken, the second refused with `case_changed` and where the case stands.
    Either step alone leaves the state as it is, so only the version tells them apart."""
    from lotse.cases.models import Case
    from lotse.cases.selectors import case_version
    from lotse.cases.steps import STEPS, step_perform
    from lotse.demo.cast import cast_membership

    case = Case.objects.get(worker_last_name="Raman")
    version, before = case_version(case=case), case.events.count()
    company, adviser = cast_membership("company_hr"), cast_membership("ihk_adviser")
    results = race(
        lambda: step_perform(
            STEPS["precheck"], case=case, actor=company, data={"version": version}
        ),
        lambda: step_perform(
            STEPS["no_prospect"], case=case, actor=adviser, data={"version": version, "text": "§"}
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], DomainError), results
    assert errors[0].code == "case_changed"
    case.refresh_from_db()
    assert errors[0].details["current"] == {"version": version + 1, "state": case.state}
    assert case.state == "submitted" and case.events.count() == before + 1
    assert chain_verify(case.events.order_by("seq")) is None


def test_two_admins_demoting_each_other_at_once_leave_one_admin(demo):
    from lotse.demo.cast import cast_membership
    from lotse.orgs import services
    from lotse.orgs.models import Membership

    first = cast_membership("company_admin")
    second = services.membership_change_role(
        actor=first, membership=cast_membership("company_lead"), role="admin"
    )
    results = race(
        lambda: services.membership_change_role(actor=first, membership=second, role="member"),
        lambda: services.membership_change_role(actor=second, membership=first, role="member"),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
    assert errors[0].code == "last_admin"
    admins = Membership.objects.filter(organisation=first.organisation, role="admin", active=True)
    assert admins.count() == 1
