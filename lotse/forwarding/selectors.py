"""Reads of submissions."""

from django.db.models import QuerySet

from lotse.forwarding.models import RECEIVED, Submission
from lotse.orgs.models import Organisation


def inbox_for(*, organisation: Organisation, limit: int = 200) -> QuerySet[Submission]:
    """The submissions delivered to `organisation`, newest first (the authority's inbox). No
    `visible_to`: a submission's destination takes part in its case (`case_forward` made it a
    participant), so every row here is one of its own cases."""
    return (
        Submission.objects.filter(destination=organisation, state__in=RECEIVED)
        .select_related("case", "receipt")
        .order_by("-delivered_at", "-pk")[:limit]
    )


def new_submissions_for(*, organisation: Organisation) -> QuerySet[Submission]:
    """Delivered and not yet acknowledged: what the authority's own system fetches next."""
    return (
        Submission.objects.filter(destination=organisation, state="delivered")
        .select_related("case")
        .order_by("delivered_at", "pk")
    )
