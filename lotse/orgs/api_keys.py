"""Organisation API keys: an organisation's own system (an authority's case system) calls the API in
the organisation's name. Made and revoked by the organisation's admin on its people page; the key
is shown once (`lotse_` and 43 random URL-safe characters, 256 bits), the database keeps its first
14 characters (to find it) and the SHA-256 of the whole key; each use is logged (`ApiKeyUse`) and
limited per key (`LOTSE_API_KEY_RATE_PER_MINUTE`, counters in the database)."""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction

from lotse.accounts.ratelimit import rate_take
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.orgs.audit import audit_record
from lotse.orgs.errors import OrgError
from lotse.orgs.models import ApiKey, ApiKeyUse, ApiScope, AuditAction, Membership, Role

PREFIX = "lotse_"
PREFIX_LENGTH = 14


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _admin_only(actor: Membership) -> None:
    if actor is None or actor.role != Role.ADMIN or not actor.active:
        raise DomainError(OrgError.NOT_ORG_ADMIN)


@transaction.atomic
def api_key_create(*, actor: Membership, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """Make a key for the actor's organisation; returns the row and the key itself, which is
    shown this once and stored nowhere."""
    _admin_only(actor)
    if not name.strip():
        raise DomainError(OrgError.KEY_NAME_MISSING)
    scopes = sorted(set(scopes) & set(ApiScope.values))
    if not scopes:
        raise DomainError(OrgError.KEY_SCOPE_MISSING)
    raw = PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        organisation=actor.organisation,
        name=name.strip(),
        prefix=raw[:PREFIX_LENGTH],
        secret_hash=_digest(raw),
        scopes=scopes,
        created_by=actor.user,
    )
    audit_record(
        organisation=actor.organisation,
        actor=actor.user,
        subject=None,
        action=AuditAction.API_KEY_CREATED,
        old={},
        new=key_state(key),
    )
    return key, raw


def key_state(key: ApiKey) -> dict:
    """What the organisation audit log keeps of a key: its name, the prefix that finds it (never
    the secret) and its scopes."""
    return {"key": key.name, "prefix": key.prefix, "scopes": list(key.scopes)}


@transaction.atomic
def api_key_revoke(*, actor: Membership, key: ApiKey) -> ApiKey:
    """Revoke a key of the actor's organisation: from now on every call with it is refused."""
    _admin_only(actor)
    if key.organisation_id != actor.organisation_id:
        raise DomainError(OrgError.NOT_ORG_ADMIN)
    revoked = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=clock.now(), revoked_by=actor.user
    )
    key.refresh_from_db()
    if revoked:  # revoking a revoked key again changes nothing and is not logged twice
        audit_record(
            organisation=actor.organisation,
            actor=actor.user,
            subject=None,
            action=AuditAction.API_KEY_REVOKED,
            old=key_state(key),
            new=key_state(key) | {"revoked": True},
        )
    return key


def api_key_find(raw: str) -> ApiKey | None:
    """The active key `raw` is, or None (unknown, malformed or revoked); compared in constant
    time."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    key = (
        ApiKey.objects.select_related("organisation")
        .filter(prefix=raw[:PREFIX_LENGTH], revoked_at__isnull=True)
        .first()
    )
    if key is None or not hmac.compare_digest(key.secret_hash, _digest(raw)):
        return None
    return key


def api_key_use(*, key: ApiKey, method: str, path: str) -> bool:
    """Log one use of `key`; False when the key is over its rate limit (the use is logged as 429)."""
    allowed = rate_take(
        scope="api_key",
        source=str(key.pk),
        limit=settings.LOTSE_API_KEY_RATE_PER_MINUTE,
        per=datetime.timedelta(minutes=1),
    )
    now = clock.now()
    ApiKeyUse.objects.create(
        key=key, at=now, method=method[:8], path=path[:300], status=None if allowed else 429
    )
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return allowed


def api_keys_of(*, organisation) -> list[ApiKey]:
    return list(ApiKey.objects.filter(organisation=organisation).select_related("created_by"))
