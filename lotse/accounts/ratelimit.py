"""Rate limits whose counters live in the database (never in one process's memory: production runs
several web workers, and each would count alone)."""

import datetime
import hashlib

from django.db import transaction
from django.db.models import F

from lotse.accounts.models import RateCount
from lotse.core import clock


def rate_take(*, scope: str, source: str, limit: int, per: datetime.timedelta) -> bool:
    """Count one request of `scope` from `source` in the current window of length `per`; True
    while at most `limit` came in it. Earlier windows of the same key are removed on the way."""
    key = hashlib.sha256(f"{scope}\n{source}".encode()).hexdigest()
    seconds = int(per.total_seconds())
    epoch = int(clock.now().timestamp()) // seconds * seconds
    window = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    with transaction.atomic():
        RateCount.objects.filter(key=key, window__lt=window).delete()
        row, _created = RateCount.objects.select_for_update().get_or_create(key=key, window=window)
        RateCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
        row.refresh_from_db(fields=["count"])
    return row.count <= limit
