"""The statement cache composes once per key and puts each request's values in their places."""

import datetime
import uuid

import pytest

from lotse.core.statements import Statements, probe


def _build(calls):
    def build(at=None, pk=None):
        calls.append((at, pk))
        bound = "" if at is None else " AND (t, id) < (%s, %s)"
        params = ["fixed"] + ([at, pk] if at is not None else []) + [7]
        return f"SELECT id FROM x WHERE a = %s{bound} LIMIT %s", params

    return build


def test_composed_once_per_key_then_only_the_values_change():
    statements, calls = Statements(), []
    first = (datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC), uuid.uuid4())
    second = (datetime.datetime(2026, 3, 4, tzinfo=datetime.UTC), uuid.uuid4())
    sqls = []
    for at, pk in (first, second):
        varying = {"at": (datetime.datetime, at), "pk": (uuid.UUID, pk)}
        sql, params = statements.compiled("k", _build(calls), varying)
        sqls.append(sql)
        assert params == ["fixed", at, pk, 7]
    assert len(calls) == 1 and calls[0] == (probe("at", datetime.datetime), probe("pk", uuid.UUID))
    assert sqls[0] == sqls[1]


def test_a_value_left_out_is_another_statement():
    statements, calls = Statements(), []
    no_cursor = {"at": (datetime.datetime, None), "pk": (uuid.UUID, None)}
    sql, params = statements.compiled("k", _build(calls), no_cursor)
    assert "(t, id)" not in sql and params == ["fixed", 7]
    at, pk = datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC), uuid.uuid4()
    sql, params = statements.compiled(
        "k", _build(calls), {"at": (datetime.datetime, at), "pk": (uuid.UUID, pk)}
    )
    assert "(t, id)" in sql and params == ["fixed", at, pk, 7]
    assert len(calls) == 2


def test_a_stand_in_the_backend_converts_is_composed_each_time():
    """SQLite's adapter writes a UUID as hex: the stand-in does not come back, so no slot can be
    trusted and each request composes its own statement."""
    statements, calls = Statements(), []

    def build(pk=None):
        calls.append(pk)
        return "SELECT 1 WHERE id = %s", [pk.hex]

    for _ in range(3):
        pk = uuid.uuid4()
        assert statements.compiled("k", build, {"pk": (uuid.UUID, pk)}) == (
            "SELECT 1 WHERE id = %s",
            [pk.hex],
        )
    assert len(calls) == 4  # the stand-in once, then each request


def test_the_least_recently_used_go_first():
    statements = Statements(limit=2)
    for key in ("a", "b", "a", "c"):
        statements.compiled(key, lambda: ("SELECT 1", []), {})
    assert [key for key, _names in statements._kept] == ["a", "c"]


@pytest.mark.django_db
def test_objects_are_the_orms_with_their_related_rows_and_annotations(
    cast, django_assert_num_queries
):
    """On both databases: the same model objects as the queryset gives, each `select_related`
    object in place (no further query) and each annotation set; composed once."""
    from django.db.models import F

    from lotse.orgs.models import Membership

    statements, built = Statements(), []

    def build(pk=None):
        built.append(pk)
        members = Membership.objects.filter(pk=pk).select_related("organisation", "user")
        return members.annotate(kind_of=F("organisation__kind"))

    for key in ("ihk_adviser", "company_hr"):
        membership = cast(key)
        expected = (
            membership.organisation.name,
            membership.user.email,
            membership.organisation.kind,
        )
        with django_assert_num_queries(1):
            (found,) = statements.objects("m", build, {"pk": (uuid.UUID, membership.pk)})
            assert (found.organisation.name, found.user.email, found.kind_of) == expected
        assert found == membership and found.created_at == membership.created_at
    from django.db import connection

    # once on PostgreSQL; SQLite writes a UUID as text: composed for each read
    assert len(built) == (1 if connection.vendor == "postgresql" else 3)
