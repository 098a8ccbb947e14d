"""SQL composed by the ORM once, then reused with new values (issue 13).

A list's branches (`cases.visibility`) are a dozen ORM filters, sub-queries and orderings; composing
and compiling them took longer than PostgreSQL took to run the page. For one viewer they come out
the same on every request — the same memberships, filters and page size — except for the page's
cursor. So `Statements.compiled(key, build, varying)` compiles `build` once per `key` (every value
the SQL depends on, except the `varying` ones) with a stand-in for each varying value (`probe`),
notes where each stand-in lands among the parameters, and afterwards only puts the request's
values there.

A stand-in must come back unchanged among the parameters, which is how PostgreSQL's adapter takes
them. Where the backend converts it first (SQLite writes a UUID as hex text), or a stand-in is
missing, the statement is compiled anew for each request, as before: never a wrong parameter.
"""

import datetime
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock

from django.db.models import QuerySet
from django.db.models.query import get_related_populators

from lotse.core.plans import prepared_rows

_ORIGIN = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)


def probe(name: str, kind: type):
    """A stand-in value of `kind` for the varying value `name`: distinct per name, never a value
    the platform writes."""
    number = uuid.uuid5(uuid.NAMESPACE_URL, f"lotse-probe:{name}")
    if kind is uuid.UUID:
        return number
    if kind is datetime.datetime:
        return _ORIGIN + datetime.timedelta(microseconds=number.int % 10**9)
    if kind is datetime.date:
        return _ORIGIN.date() + datetime.timedelta(days=number.int % 1000)
    raise TypeError(f"no stand-in for {kind.__name__}")


class Statements:
    """Compiled SQL by key, the most recently used `limit` kept."""

    def __init__(self, limit: int = 1024):
        self.limit = limit
        self._kept: OrderedDict = OrderedDict()
        self._lock = Lock()

    def compiled(
        self, key, build: Callable[..., tuple[str, list]], varying: dict[str, tuple[type, object]]
    ) -> tuple[str, list]:
        """(SQL, parameters) of `build(**values)`; `varying`: name → (type, value) of the values
        that change between requests with the same `key` (a value None is part of the key, not
        varying: a page without a cursor is another statement)."""
        sql, params, _made = self._composed(key, build, varying)
        return sql, params

    def objects(
        self, key, build: Callable[..., QuerySet], varying: dict[str, tuple[type, object]]
    ) -> list:
        """The model objects of the queryset `build(**values)`, with its `select_related` rows and
        annotations, as the ORM makes them; its SQL composed once per `key` (see `compiled`) and
        prepared on PostgreSQL with its plan kept (`plans.reused_plan`: a read by key walks the
        same index whatever the key)."""
        composing = {}

        def composed(**probes) -> tuple[str, list]:
            queryset = build(**probes)
            composing["compiler"] = compiler = queryset.query.get_compiler(using=queryset.db)
            return compiler.as_sql()

        # how its rows become objects is worked out with the statement, and kept with it
        sql, params, maker = self._composed(
            ("objects", key), composed, varying, then=lambda: _Maker.of(composing["compiler"])
        )
        return maker.made(prepared_rows(sql, params))

    def _composed(self, key, build, varying: dict, then: Callable | None = None) -> tuple:
        """(SQL, parameters, what `then()` made when the statement was composed)."""
        varying = {name: pair for name, pair in varying.items() if pair[1] is not None}
        key = (key, tuple(sorted(varying)))
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
        if kept is None:
            kept = (*self._compile(build, varying), then() if then else None)
            with self._lock:
                self._kept[key] = kept
                while len(self._kept) > self.limit:
                    self._kept.popitem(last=False)
        sql, slots, made = kept
        values = {name: value for name, (_kind, value) in varying.items()}
        if slots is None:  # the backend converts a stand-in: compose for each request
            sql, params = build(**values)
            return sql, params, then() if then else None
        return sql, [values[slot] if isinstance(slot, str) else slot[0] for slot in slots], made

    @staticmethod
    def _compile(build, varying: dict) -> tuple[str, list | None]:
        """The SQL with stand-ins and, per parameter, the varying value's name or (constant,);
        no slots where a stand-in does not come back as itself."""
        probes = {name: probe(name, kind) for name, (kind, _value) in varying.items()}
        sql, params = build(**probes)
        by_probe = {value: name for name, value in probes.items()}
        slots, seen = [], set()
        for param in params:
            name = by_probe.get(param) if type(param) in (uuid.UUID, *_TIMES) else None
            if name is not None:
                slots.append(name)
                seen.add(name)
            else:
                slots.append((param,))
        if seen != set(probes):
            return sql, None
        return sql, slots


_TIMES = (datetime.datetime, datetime.date)


@dataclass(frozen=True)
class _Maker:
    """How the rows of one composed statement become model objects, as Django's `ModelIterable`
    makes them (the model's columns, each `select_related` object, each annotation), worked out
    once per statement rather than for each request."""

    using: str
    model: type
    start: int
    end: int
    names: list
    converters: dict
    populators: list
    annotations: dict
    compiler: object

    @classmethod
    def of(cls, compiler) -> "_Maker":
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return cls(
            using=compiler.using,
            model=klass_info["model"],
            start=start,
            end=end,
            names=[column[0].target.attname for column in select[start:end]],
            converters=compiler.get_converters([expression for expression, _sql, _a in select]),
            populators=get_related_populators(klass_info, select, compiler.using),
            annotations=dict(compiler.annotation_col_map),
            compiler=compiler,
        )

    def made(self, rows: list) -> list:
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        made = []
        for row in rows:
            instance = self.model.from_db(self.using, self.names, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, instance)
            for name, position in self.annotations.items():
                setattr(instance, name, row[position])
            made.append(instance)
        return made
