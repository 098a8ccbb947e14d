from uuid import UUID


def is_uuid(value) -> bool:
    """True when `value` reads as a UUID (ids from forms are checked before any query)."""
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True
