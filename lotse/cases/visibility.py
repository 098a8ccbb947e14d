"""Who sees which case: decided here and nowhere else."""

from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from lotse.cases.models import Case, Participant
from lotse.orgs.models import Membership


def visible_to(user) -> QuerySet[Case]:
    """Cases `user` may see: their company's own, and those their organisation takes part in
    (from the moment it takes part, also after its part is done). Platform administrators without
    a membership see none."""
    if user is None or not user.is_authenticated:
        return Case.objects.none()
    orgs = Membership.objects.filter(user=user, active=True).values("organisation_id")
    return Case.objects.filter(
        Q(company_id__in=orgs)
        | Exists(Participant.objects.filter(case=OuterRef("pk"), organisation_id__in=orgs))
    )


def case_get_for(*, user, case_id: UUID | str) -> Case:
    """The case if `user` may see it; missing and hidden both raise Http404."""
    try:
        UUID(str(case_id))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(visible_to(user).select_related("company", "chamber"), pk=case_id)
