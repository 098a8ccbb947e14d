"""The read log: every view of a case's data by a person is recorded (who, for whom, when, what)."""

from lotse.accounts.otp import active_memberships
from lotse.cases.models import Case, CaseAccess
from lotse.cases.selectors import case_participations
from lotse.cases.visibility import ended_parts
from lotse.core import clock
from lotse.orgs.middleware import membership_of


def access_record(*, request, case: Case, action: str) -> CaseAccess:
    """Record that the requesting person read `case` (`action`: e.g. "page", "api.case")."""
    return CaseAccess.objects.create(
        case=case,
        user=request.user,
        organisation_id=_seen_through(request=request, case=case),
        action=action,
        at=clock.now(),
    )


def _seen_through(*, request, case: Case):
    """The organisation through which the person sees `case`: the one `visible_to` let them in by
    (the case's company or a participant), preferring the active one when it is such. A person in
    two organisations may read a case while acting for an organisation that has no part in it; the
    log names the one that gives the access, not the active one."""
    active = membership_of(request)
    if active is not None and active.organisation_id == case.company_id:
        return active.organisation_id  # the common case, without a query
    taking_part = case_participations(case)
    if getattr(case, "seen_until", None) is not None:  # a reader whose part ended
        taking_part = {organisation for organisation, _role in ended_parts(case)}
    organisations = {
        membership.organisation_id
        for membership in active_memberships(request.user)
        if membership.organisation_id == case.company_id
        or membership.organisation_id in taking_part
    }
    if active is not None and active.organisation_id in organisations:
        return active.organisation_id
    if case.company_id in organisations:
        return case.company_id
    return min(organisations, default=None, key=str)
