"""PostgreSQL's timestamps come through psycopg's compiled loader with Django's values."""

import datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader

from lotse.core.timestamps import TIMESTAMPTZ, UtcTimestampLoader

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the loader is PostgreSQL's"
)

TEXTS = [
    "2026-03-29 01:30:00.000001+01",  # the night the clocks go forward, in another zone
    "2026-10-25 02:30:00+02",
    "1999-12-31 23:59:59.999999+00",
    "0001-01-01 00:00:00+00",
]


@pytest.mark.django_db
@pytest.mark.parametrize("text", TEXTS)
def test_a_timestamp_reads_as_django_reads_it(text):
    with connection.cursor() as cursor:
        assert cursor.adapters.get_loader(TIMESTAMPTZ, 0) is UtcTimestampLoader
        cursor.execute("SELECT %s::timestamptz, %s::timestamptz::text", [text, text])
        value, shown = cursor.fetchone()
        djangos = type("DjangoUtc", (BaseTzLoader,), {"timezone": datetime.UTC})
        expected = djangos(TIMESTAMPTZ, cursor).load(shown.encode())
    assert value == expected and value.tzinfo is datetime.UTC
    assert value.utcoffset() == datetime.timedelta(0)
