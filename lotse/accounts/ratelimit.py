"""Rate limits whose counters live in the database (never in one process's memory: production runs
several web workers, and each would count alone)."""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils.crypto import salted_hmac

from lotse.accounts.models import RateCount
from lotse.core import clock

STALE_AFTER = datetime.timedelta(days=1)  # longer than any window in use


def rate_take(*, scope: str, source: str, limit: int, per: datetime.timedelta) -> bool:
    """Count one request of `scope` from `source` in the current window of length `per`; True
    while at most `limit` came in it. Earlier windows of the key, and any row older than a day,
    are removed on the way. The key is keyed with the secret key: a plain hash of an address
    or a login could be reversed by trying them all."""
    key = salted_hmac("lotse.ratelimit", f"{scope}\n{source}", algorithm="sha256").hexdigest()
    seconds = int(per.total_seconds())
    epoch = int(clock.now().timestamp()) // seconds * seconds
    window = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    with transaction.atomic():
        stale = Q(key=key, window__lt=window) | Q(window__lt=window - STALE_AFTER)
        RateCount.objects.filter(stale).delete()
        row, _created = RateCount.objects.select_for_update().get_or_create(key=key, window=window)
        RateCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
        row.refresh_from_db(fields=["count"])
    return row.count <= limit
