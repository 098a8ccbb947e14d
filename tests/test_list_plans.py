"""The lists' query plans at a volume that matters (issue 13), on PostgreSQL only: 20,000
generated cases (`demo/volume.py`), then PostgreSQL's own plan (EXPLAIN (FORMAT JSON)) of each
list's page query, first page and a later one. Each must walk indexes with the keyset bound as an
index condition and never hash the participations (the `OR EXISTS` plan that grew with the data).
Plans, not times: a plan is the same on a slow and a fast machine."""

import contextlib
import datetime
import json

import pytest
from django.db import connection

from lotse.cases import worklist
from lotse.cases.models import Case, NextStep
from lotse.cases.selectors import _due_cursor_read, cases_for_list
from lotse.core.pagination import cursor_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's"
)

VOLUME = 20_000


@pytest.fixture(scope="module")
def volume(django_db_setup, django_db_blocker):
    """The generated cases, made once for this module and removed after it."""
    from lotse.demo.volume import volume_generate, volume_remove

    with django_db_blocker.unblock():
        volume_generate(cases=VOLUME)
    yield
    with django_db_blocker.unblock():
        volume_remove()


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _statements(run) -> list[tuple[str, tuple, bool]]:
    """(SQL, parameters, prepared) of each statement `run` sends; `prepared`: bound on the
    server in `core.plans.reused_plan`."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    sent = []

    def keep(execute, sql, params, many, context):
        prepared = connection.connection.cursor_factory is ServerBindingCursor
        sent.append((sql, params, prepared))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        run()
    return sent


def _plan_of(run) -> list[dict]:
    """The plan nodes of the last statement `run` sends (the page; the first reads memberships),
    as PostgreSQL runs it: a list's prepared statement with its parameters bound on the server,
    so the plan is the generic one it keeps (`core/plans.py`); any other statement with its
    values."""
    from django.db.backends.postgresql.base import Cursor, ServerBindingCursor

    sql, params, prepared = _statements(run)[-1]
    with (ServerBindingCursor if prepared else Cursor)(connection.connection) as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        found = cursor.fetchone()[0]
    plan = found if isinstance(found, list) else json.loads(found)
    return list(_nodes(plan[0]["Plan"]))


def _assert_walks(nodes: list[dict], indexes: set[str], *, bounded: bool) -> None:
    described = json.dumps(nodes, indent=1)[:6000]
    used = {node.get("Index Name") for node in nodes}
    assert indexes <= used, f"expected index walks on {indexes}:\n{described}"
    for node in nodes:
        assert node["Node Type"] != "Seq Scan" or node["Relation Name"] not in (
            "cases_case",
            "cases_participant",
            "cases_nextstep",
            "cases_casecontact",
        ), f"a sequential scan of {node['Relation Name']}:\n{described}"
        assert not (node.get("Subplan Name") or "").startswith("hashed"), described
        assert node["Node Type"] != "Hash" or "participant" not in json.dumps(node), described
    if bounded:
        conditions = [
            node.get("Index Cond", "") for node in nodes if node.get("Index Name") in indexes
        ]
        assert all("ROW(" in condition for condition in conditions), (
            f"the keyset bound is not an index condition:\n{described}"
        )


def _later_cursor(cases) -> str:
    """A cursor deep into a list (past half of it), as page k's link carries it."""
    row = cases.order_by("-created_at", "-pk")[cases.count() // 2]
    return cursor_for(row.created_at, row.pk)


# A member in a unit (the Agentur's consent team) walks the parts by taker: its organisation's
# as a whole and its unit's (`visibility.visible_branches`).
BY_TAKER = "participation_newest_by_taker"


@pytest.mark.parametrize("key", ["ihk_adviser", "zentralstelle_caseworker", "aa_caseworker"])
def test_a_partners_list_walks_its_participations_newest_first(key, cast, volume, db):
    user = cast(key).user
    participations = {BY_TAKER if cast(key).unit_id else "participation_newest"}
    _assert_walks(_plan_of(lambda: cases_for_list(user=user)), participations, bounded=False)
    deep = _later_cursor(Case.objects.filter(participants__organisation=cast(key).organisation))
    nodes = _plan_of(lambda: cases_for_list(user=user, after=deep))
    _assert_walks(nodes, participations, bounded=True)


def test_a_company_list_walks_its_cases_and_page_100_starts_at_the_cursor(cast, volume):
    user = cast("company_hr").user
    own = Case.objects.filter(company=cast("company_hr").organisation)
    assert own.count() > 150
    _assert_walks(_plan_of(lambda: cases_for_list(user=user)), {"case_by_company"}, bounded=False)
    nodes = _plan_of(lambda: cases_for_list(user=user, after=_later_cursor(own)))
    _assert_walks(nodes, {"case_by_company"}, bounded=True)


def test_a_list_by_state_still_walks_the_indexes(cast, volume):
    user = cast("ihk_adviser").user
    nodes = _plan_of(lambda: cases_for_list(user=user, state="submitted"))
    _assert_walks(nodes, {"participation_newest"}, bounded=False)


def test_my_cases_walk_the_openers_index(cast, volume):
    user = cast("company_hr").user
    _assert_walks(
        _plan_of(lambda: cases_for_list(user=user, mine=True)), {"case_by_opener"}, bounded=False
    )


# The work list's two walks: the steps with a due date, and (a partial index) those without;
# for a member in a unit, the same two per taker.
DATED, UNDATED = "next_step_by_organisation", "next_step_waiting"
WALKS = {False: (DATED, UNDATED), True: ("next_step_by_taker", "next_step_waiting_by_taker")}


# The organisations thousands of cases wait for (for the company's few dozen at this volume,
# PostgreSQL rightly sorts a bitmap scan's rows instead); the Agentur's consent team.
@pytest.mark.parametrize("key", ["ihk_adviser", "zentralstelle_caseworker", "aa_caseworker"])
def test_needs_my_action_walks_the_next_steps_from_the_cursor(key, cast, volume):
    membership = cast(key)
    dated, undated = WALKS[membership.unit_id is not None]

    def first(**page):
        return worklist.needs_action(user=membership.user, membership=membership, **page)

    _assert_walks(_plan_of(first), {dated, undated}, bounded=False)
    with _paged(2):
        after = first().next_cursor
    assert after is not None
    nodes = _plan_of(lambda: first(after=after))
    if _due_cursor_read(after)[0] is None:  # without a due date: only the undated walk is left
        _assert_walks(nodes, {undated}, bounded=True)
    else:  # the demo's consent clocks date the agency's steps
        _assert_walks(nodes, {dated}, bounded=True)
        _assert_walks(nodes, {undated}, bounded=False)


@pytest.fixture
def employer_service(cast):
    """A member of the Agentur's employer service: its parts by taker are the Agentur's as a
    whole (none at this volume) and its unit's; the consent team's are not among them."""
    from lotse.orgs.models import Role, Unit
    from lotse.orgs.services import membership_create

    agency = cast("aa_caseworker").organisation
    return membership_create(
        organisation=agency,
        email="jonas.arndt@arbeitsagentur.example",
        role=Role.ADVISER,
        unit=Unit.objects.get(organisation=agency, kind="employer_service"),
    )


def test_a_member_in_another_unit_walks_its_takers_and_sees_no_consent_case(
    employer_service, cast, volume
):
    user = employer_service.user
    consent = Case.objects.filter(participants__unit=cast("aa_caseworker").unit)
    assert consent.count() > 1000
    _assert_walks(_plan_of(lambda: cases_for_list(user=user)), {BY_TAKER}, bounded=False)
    nodes = _plan_of(lambda: cases_for_list(user=user, after=_later_cursor(consent)))
    _assert_walks(nodes, {BY_TAKER}, bounded=True)
    # only the demo's cases where the Agentur counsels a family member (no unit's part)
    listed = {case.pk for case in cases_for_list(user=user).items}
    whole = Case.objects.filter(
        participants__organisation=employer_service.organisation,
        participants__unit__isnull=True,
        participants__seen_until__isnull=True,
    )
    assert listed == set(whole.values_list("pk", flat=True))

    def waiting(**page):
        return worklist.needs_action(user=user, membership=employer_service, **page)

    _assert_walks(_plan_of(waiting), set(WALKS[True]), bounded=False)
    assert waiting().items == []


def test_needs_my_action_with_due_dates_walks_dated_then_undated(cast, volume):
    """Once the statutory clocks set due dates: the earliest first, those without one last, and
    a cursor inside the dated part is still an index bound (the order has no NULL in a bound)."""
    membership = cast("ihk_adviser")
    waiting = NextStep.objects.filter(organisation_id=membership.organisation_id)
    dated = list(waiting.order_by("since").values_list("case_id", flat=True)[:300])
    NextStep.objects.filter(case_id__in=dated[::2]).update(due=datetime.date(2027, 3, 1))
    NextStep.objects.filter(case_id__in=dated[1::2]).update(due=datetime.date(2027, 2, 1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_nextstep")

    def first(**page):
        return worklist.needs_action(user=membership.user, membership=membership, **page)

    page = first()
    assert [case.row_due for case in page.items[:2]] == [datetime.date(2027, 2, 1)] * 2
    with _paged(200):
        inside_dated = first().next_cursor
    nodes = _plan_of(lambda: first(after=inside_dated))
    _assert_walks(nodes, {DATED}, bounded=True)
    _assert_walks(nodes, {UNDATED}, bounded=False)


@pytest.mark.parametrize("key", ["ihk_adviser", "zentralstelle_caseworker", "company_hr"])
def test_the_start_pages_other_cases_walk_the_list_indexes(key, cast, volume):
    """ "With others, or closed": the visible list without the cases waiting for the person's
    organisation, in the list's shapes (one walk per organisation and way of seeing)."""
    membership = cast(key)
    walks = {"case_by_company"} if key == "company_hr" else {"participation_newest"}

    def rest(**page):
        return worklist.the_rest(user=membership.user, membership=membership, **page)

    _assert_walks(_plan_of(rest), walks, bounded=False)
    with _paged(5):
        after = rest().next_cursor
    _assert_walks(_plan_of(lambda: rest(after=after)), walks, bounded=True)
    if key != "company_hr":  # a company's few submitted cases are found by the state's index
        state = worklist.Filters(state="submitted")
        _assert_walks(_plan_of(lambda: rest(filters=state)), walks, bounded=False)


@contextlib.contextmanager
def _paged(size: int):
    """The work list in pages of `size` (to reach a later page's cursor quickly)."""
    saved = worklist.PAGE_SIZE
    worklist.PAGE_SIZE = size
    try:
        yield
    finally:
        worklist.PAGE_SIZE = saved


def test_the_api_list_is_the_same_query(login, volume):
    client = login("ihk_adviser")
    pages = []
    sent = [
        sql
        for sql, _params, _prepared in _statements(
            lambda: pages.append(client.get("/api/v1/cases"))
        )
    ]
    page = pages[0].json()
    assert len(page["items"]) == 50 and page["next"]
    assert any("UNION ALL" in sql for sql in sent)
    assert not any(
        "EXISTS" in sql and "cases_participant" in sql and "LIMIT 51" in sql for sql in sent
    )


@pytest.mark.parametrize("key", ["ihk_adviser", "zentralstelle_caseworker"])
def test_one_case_is_found_by_its_own_participations_not_by_hashing_all(key, cast, story, volume):
    from lotse.cases.visibility import case_get_for

    case = story("Mendoza")
    nodes = _plan_of(lambda: case_get_for(user=cast(key).user, case_id=case.pk))
    touching = [node for node in nodes if node.get("Relation Name") == "cases_participant"]
    bound = [node.get("Index Cond", "") + node.get("Recheck Cond", "") for node in touching]
    assert touching and all("case_id" in condition for condition in bound), json.dumps(
        nodes, indent=1
    )[:4000]


def test_the_forecasts_history_walks_the_newest_completions(volume, db):
    """The forecast's history (`deadlines.forecast`) reads the newest completed procedures by
    the partial index `event_completed_newest` with a limit, never all events."""
    from lotse.deadlines.forecast import _milestones

    nodes = _plan_of(_milestones)
    described = json.dumps(nodes, indent=1)[:6000]
    assert "event_completed_newest" in {node.get("Index Name") for node in nodes}, described
    assert any(node["Node Type"] == "Limit" for node in nodes), described
    for node in nodes:
        assert not (
            node["Node Type"] == "Seq Scan" and node["Relation Name"] == "cases_caseevent"
        ), f"a sequential scan of the events:\n{described}"
