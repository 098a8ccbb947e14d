"""A list page's rows as plain values (issue 13).

A list reads the same columns on every request; only the branches that pick its cases change
(`visibility.visible_branches`, the work list's walks). Composing the outer query with the ORM —
eleven related values through five joins, the order, the limit — and making a model object per
row cost more than the database took for the whole page. So the outer query of each row shape is
compiled once per process (`_outer`), with a mark where the branches go; a request puts its
branches' SQL in, runs it (prepared, `core.plans.reused_plan`) and reads each row into a `Row`,
through the database's own converters (SQLite hands back dates as text).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from lotse.cases.models import Case
from lotse.core.plans import prepared_rows

BRANCHES = "lotse_list_branches"


@dataclass(frozen=True)
class RowShape:
    """What a list row reads: the case's own `columns`, and single values of its related rows
    by name (`related`: name → path; `row.name` on each row) instead of whole related objects."""

    columns: tuple[str, ...]
    related: dict[str, str]

    def applied(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        related = {name: F(path) for name, path in self.related.items()}
        return cases.only(*self.columns).annotate(**related)


class Row:
    """One case of a list as the values its shape reads (`row.reference`, `row.row_step`, …)."""

    def __init__(self, values: dict):
        self.__dict__.update(values)

    @property
    def pk(self):
        return self.id

    worker_name = Case.worker_name


@dataclass(frozen=True)
class _Outer:
    sql: str  # with BRANCHES where the branches' SQL goes
    names: list[str]
    converters: dict
    compiler: object


_OUTERS: dict[tuple, _Outer] = {}


def _outer(shape: RowShape, finish: Callable, size: int, using: str) -> _Outer:
    """The outer query of `shape`, ordered and limited by `finish`, compiled once per process and
    database."""
    key = (shape.columns, tuple(shape.related.items()), finish, size, using)
    found = _OUTERS.get(key)
    if found is None:
        cases = shape.applied(Case.objects.using(using).filter(pk__in=RawSQL(BRANCHES, [])))
        query = finish(cases)[:size]
        compiler = query.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if params or sql.count(BRANCHES) != 1:
            raise ValueError(f"a row shape's outer query takes no values: {params}")
        select = [expression for expression, _sql, _alias in compiler.select]
        names = [alias or expression.target.attname for expression, _sql, alias in compiler.select]
        found = _Outer(sql, names, compiler.get_converters(select), compiler)
        _OUTERS[key] = found
    return found


def shaped_rows(branches: RawSQL, shape: RowShape, *, finish: Callable, size: int) -> list[Row]:
    """Up to `size` rows of the cases `branches` picks (`visibility.any_of`), read in `shape`,
    in `finish`'s order (`finish(cases)`: the cases ordered, and annotated as the order needs)."""
    using = Case.objects.db
    outer = _outer(shape, finish, size, using)
    branch_sql, params = branches.sql, branches.params
    sql = outer.sql.replace(BRANCHES, branch_sql)
    rows = prepared_rows(sql, params)
    if outer.converters:
        rows = outer.compiler.apply_converters(rows, outer.converters)
    return [Row(dict(zip(outer.names, row, strict=True))) for row in rows]
