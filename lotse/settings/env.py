"""The environment, read once. Every setting that differs between machines comes from here.

`DATABASE_URL` (SQLite in `var/` if unset), `DJANGO_SECRET_KEY`, `DJANGO_DEBUG`, `DJANGO_ALLOWED_HOSTS`,
`LOTSE_*` for Lotse's own. A malformed value stops start-up with a message naming the variable.
"""

import base64
import binascii
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[2]


class EnvError(RuntimeError):
    """A variable is set but unusable."""


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise EnvError(f"{name} must be true or false, not {raw!r}")


def integer(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise EnvError(f"{name} must be a whole number, not {raw!r}") from error


def listing(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def keyring(name: str) -> dict[str, bytes]:
    """Keys named by id, `kid1:base64key,kid2:base64key`; each key at least 32 bytes."""
    keys = {}
    for item in listing(name):
        kid, sep, encoded = item.partition(":")
        if not sep or not kid.strip():
            raise EnvError(f"{name} must be a list of key-id:base64-key, not {item!r}")
        try:
            key = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError) as error:
            raise EnvError(f"{name}: the key {kid.strip()!r} is not base64") from error
        if len(key) < 32:
            raise EnvError(f"{name}: the key {kid.strip()!r} is shorter than 32 bytes")
        keys[kid.strip()] = key
    return keys


def database(default_sqlite: Path) -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as error:  # dj_database_url raises bare ValueError/KeyError variants
        raise EnvError(f"DATABASE_URL is not a usable database URL: {error}") from error
    if config["ENGINE"] == "django.db.backends.postgresql":
        # the lists' prepared statements keep a generic plan (lotse/core/plans.py); every
        # other query is bound on the client and planned with its values
        config.setdefault("OPTIONS", {})["options"] = "-c plan_cache_mode=force_generic_plan"
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    return config
