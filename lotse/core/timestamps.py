"""Timestamps read from PostgreSQL by psycopg's compiled loader (issue 13).

Django reads every `timestamptz` through a loader of its own, written in Python, that parses the
text and then sets the connection's time zone: five microseconds a value, a millisecond and a
half for a list's fifty rows with their six timestamps each. When the connection's time zone is
UTC (Django sets the session's `TimeZone` to it whenever `USE_TZ` and no other zone is named),
psycopg's compiled loader gives exactly those values, in `datetime.timezone.utc`. Each new
connection gets it, under the `timezone` attribute by which Django tells that a cursor needs no
loader of its own (`DatabaseWrapper.create_cursor`)."""

import datetime

import psycopg
from django.db.backends.signals import connection_created
from psycopg.adapt import Loader
from psycopg.pq import Format

TIMESTAMPTZ = psycopg.adapters.types["timestamptz"].oid
# psycopg's own loader: the compiled one where psycopg[binary] is installed
COMPILED = psycopg.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)


class UtcTimestampLoader(Loader):
    timezone = datetime.UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._compiled = COMPILED(oid, context)

    def load(self, data):
        return self._compiled.load(data)


def use_compiled_timestamps(sender, connection, **kwargs) -> None:
    """`connection_created`: a PostgreSQL connection in UTC reads timestamps compiled."""
    if connection.vendor == "postgresql" and connection.timezone == datetime.UTC:
        connection.connection.adapters.register_loader(TIMESTAMPTZ, UtcTimestampLoader)


def connect() -> None:
    connection_created.connect(use_compiled_timestamps, dispatch_uid="lotse.compiled_timestamps")
