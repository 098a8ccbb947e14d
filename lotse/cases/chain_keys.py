"""The keys of the event chains (HMAC-SHA-256), by key id, from `LOTSE_AUDIT_KEYS`.

A chain keyed with a secret outside the database cannot be recomputed by someone who can only
write the database: changing an event and rehashing every later one needs the key. Each event
records the id of the key it was chained with, so a rotation (a new `LOTSE_AUDIT_KEY_ID`, the old
key kept listed) leaves the old events verifying with their own key.
"""

from django.conf import settings


def current_key() -> tuple[str, bytes]:
    """The id and key new events are chained with."""
    kid = settings.LOTSE_AUDIT_KEY_ID
    return kid, settings.LOTSE_AUDIT_KEYS[kid]


def key_for(kid: str) -> bytes | None:
    """The key with id `kid`, or None where it is not configured (any more)."""
    return settings.LOTSE_AUDIT_KEYS.get(kid)
