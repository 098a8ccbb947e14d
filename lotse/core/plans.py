"""Prepared statements with a generic plan for the lists' queries (issue 13).

A list page's query walks one short index branch per organisation and way of seeing
(`cases.visibility`). PostgreSQL executes it in well under a millisecond, but plans it anew on
every request: two to five milliseconds for the branches, their anti-joins and the row's joins,
most of a list's database time. Its text is the same on every request of the same viewer (only
the parameters change), so it is prepared once per connection and its generic plan reused:
`reused_plan()` runs the queries inside it with server-side parameters and psycopg's automatic
preparation, and each connection asks for generic plans (`plan_cache_mode`, set by
`settings.env.database`), which only prepared statements use: every other query is bound on the
client, as Django does by default, and planned with its values as before.

A generic plan is planned without the parameters' values. That suits these queries: each branch
is ordered and limited on an index that matches its order, so the plan is the same index walk
for a chamber in 40 % of the cases and for a company with two (`tests/test_list_plans.py` asserts
the plans with values; `bench/pages.py` the times at 10^6).
"""

from contextlib import contextmanager

from django.db import connection

# plan_cache_mode for each PostgreSQL connection (`settings.env.database`).
GENERIC_PLANS = "-c plan_cache_mode=force_generic_plan"


@contextmanager
def reused_plan():
    """Queries run inside are prepared on the connection and keep their plan (PostgreSQL only;
    elsewhere, and on a connection without generic plans, nothing changes)."""
    if connection.vendor != "postgresql" or GENERIC_PLANS not in str(
        connection.settings_dict.get("OPTIONS", {}).get("options", "")
    ):
        yield
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    factory, threshold = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory, raw.prepare_threshold = ServerBindingCursor, 0
    try:
        yield
    finally:
        raw.cursor_factory, raw.prepare_threshold = factory, threshold


def prepared_rows(sql: str, params) -> list[tuple]:
    """The rows of `sql` with `params`, run inside `reused_plan` (prepared, its plan kept)."""
    with reused_plan(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def prepared_write(sql: str, params) -> None:
    """Run the writing statement `sql` with `params` inside `reused_plan`."""
    with reused_plan(), connection.cursor() as cursor:
        cursor.execute(sql, params)
