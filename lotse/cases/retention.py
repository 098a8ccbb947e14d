"""Retention: a case's personal data is erased a set period after the case ended.

Art. 5 Abs. 1 lit. e DSGVO (storage limitation) and Art. 17 Abs. 1 lit. a DSGVO: personal data is
kept no longer than the purpose needs. The domain notes name no statutory period for the
platform's own records, so the period is the operator's, in `LOTSE_RETENTION_DAYS`; the default of
three years (1095 days) follows the regular limitation period of § 195 BGB, within which claims
arising from the procedure can still be raised and the record may be needed to answer them.

The period runs from the event that ended the case (`states.ENDING`: today a withdrawal; later
parts add their end states to `states.ENDED`). The job erases through the same service as an
erasure request (`cases.erasure`), so every hook runs and the log records it with basis
"retention". A case erased as a whole after it ended is not due again: the job is idempotent.
"""

import datetime
import logging

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery

from lotse.cases.erasure import ErasureBasis, personal_data_erase
from lotse.cases.event_types import EventType
from lotse.cases.models import Case, CaseEvent
from lotse.cases.states import ENDED, ENDING
from lotse.core import clock

logger = logging.getLogger(__name__)


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Cases that ended before this moment are past their retention period."""
    return (now or clock.now()) - datetime.timedelta(days=settings.LOTSE_RETENTION_DAYS)


def cases_due(now: datetime.datetime | None = None):
    """The cases whose retention period is over and whose personal data was not erased as a whole
    since they ended. A system job over all cases, so it skips `visible_to`."""
    ended = (
        CaseEvent.objects.filter(case=OuterRef("pk"), type__in=sorted(ENDING))
        .order_by("-seq")
        .values("at")[:1]
    )
    erased_since = CaseEvent.objects.filter(
        case=OuterRef("pk"),
        type=EventType.PERSONAL_DATA_ERASED,
        payload__scope="case",
        at__gte=OuterRef("ended_at"),
    )
    return (
        Case.objects.filter(state__in=sorted(ENDED))
        .annotate(ended_at=Subquery(ended))
        .filter(ended_at__lt=retention_cutoff(now))
        .exclude(Exists(erased_since))
        .order_by("ended_at", "pk")
    )


def retention_erase(now: datetime.datetime | None = None) -> int:
    """Erase the personal data of every case past its retention period, one transaction per case
    (a failure leaves the others done); returns how many cases. Logs counts only."""
    ids = list(cases_due(now).values_list("pk", flat=True))
    for pk in ids:
        personal_data_erase(case=Case(pk=pk), basis=ErasureBasis.RETENTION)
    if ids:
        logger.info("retention: personal data of %d cases erased", len(ids))
    return len(ids)
