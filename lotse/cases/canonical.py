"""The one stored form of values in the log: plain JSON without floats, and canonical bytes.

The event log, the commitments to personal values and `audit verify`'s comparison of the log with
the columns all go through here, so that what is written, hashed and compared is the same thing on
SQLite and on PostgreSQL (whose jsonb gives `1e20` back as an integer: floats are refused).
"""

import datetime
import functools
import json
from decimal import Decimal
from uuid import UUID

_AS_IS = (str, int, bool, type(None))  # `plain` gives these back as they are
# One encoder for every call (`json.dumps` with options builds a new one each time).
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def plain(value):
    """A JSON-safe copy of `value` without floats: the only form a payload is stored in."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, float):
        raise TypeError("floats are not allowed in event payloads; use Decimal")
    return value


def canonical(data) -> bytes:
    """Sorted keys, no spaces, UTF-8: equal data gives equal bytes."""
    return _ENCODER.encode(data).encode()


def column_value(instance, name: str):
    """A model column's value as the log stores it. Decimals carry the column's own places
    (`42000` is stored and read back as `42000.00`), so the log says what the column holds."""
    value = getattr(instance, name)
    if isinstance(value, Decimal):
        step = _decimal_step(type(instance), name)
        if step is not None:
            value = value.quantize(step)
    return plain(value)


@functools.cache
def _decimal_step(model, name: str) -> Decimal | None:
    """The smallest step of a decimal column (`Decimal("0.01")` for two places), or None."""
    places = getattr(model._meta.get_field(name), "decimal_places", None)
    return None if places is None else Decimal(1).scaleb(-places)
