"""The lists' query plans at a volume that matters (issue 13), on PostgreSQL only: 20,000
generated cases (`demo/volume.py`), then PostgreSQL's own plan (EXPLAIN (FORMAT JSON)) of each
list's page query, first page and a later one. Each must walk indexes with the keyset bound as an
index condition and never hash the participations (the `OR EXISTS` plan that grew with the data).
Plans, not times: a plan is the same on a slow and a fast machine."""

import json

import pytest
from django.db import connection

from lotse.cases.models import Case
from lotse.cases.selectors import cases_for_list, worklist_for
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


def _plan_of(run) -> list[dict]:
    """The plan nodes of the last statement `run` sends (the page; the first reads memberships)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
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


@pytest.mark.parametrize("key", ["ihk_adviser", "zentralstelle_caseworker", "aa_caseworker"])
def test_a_partners_list_walks_its_participations_newest_first(key, cast, volume, db):
    user = cast(key).user
    participations = {"participation_newest"}
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


@pytest.mark.parametrize("key", ["ihk_adviser", "zentralstelle_caseworker", "company_hr"])
def test_the_work_list_walks_the_waiting_next_steps(key, cast, volume):
    membership = cast(key)

    def first(**page):
        return worklist_for(user=membership.user, membership=membership, **page)

    _assert_walks(_plan_of(first), {"next_step_waiting"}, bounded=False)
    after = first(size=5).next_cursor
    assert after is not None
    _assert_walks(_plan_of(lambda: first(after=after)), {"next_step_waiting"}, bounded=True)


def test_the_api_list_is_the_same_query(login, volume):
    client = login("ihk_adviser")
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        page = client.get("/api/v1/cases").json()
    assert len(page["items"]) == 50 and page["next"]
    assert any("UNION ALL" in query["sql"] for query in captured.captured_queries)
    assert not any(
        "EXISTS" in query["sql"]
        and "cases_participant" in query["sql"]
        and "LIMIT 51" in query["sql"]
        for query in captured.captured_queries
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
