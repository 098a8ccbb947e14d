"""The read log: every view of a case's data by a person is recorded (who, for whom, when, what)."""

import functools

from django.db import connection

from lotse.accounts.otp import active_memberships
from lotse.cases.models import Case, CaseAccess
from lotse.cases.selectors import case_participations
from lotse.cases.visibility import ended_parts
from lotse.core import clock
from lotse.core.plans import prepared_write
from lotse.orgs.middleware import membership_of


def access_record(*, request, case: Case, action: str) -> None:
    """Record that the requesting person read `case` (`action`: e.g. "page", "api.case")."""
    values = (
        case.pk,
        request.user.pk,
        _seen_through(request=request, case=case),
        action,
        clock.now(),
    )
    params = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(_FIELDS, values, strict=True)
    ]
    prepared_write(_insert(), params)


# Every page that shows a case writes one row: a statement composed once and prepared, not the
# ORM's insert compiled on each request (a third of a millisecond of the case page's own work).
_FIELDS = [
    CaseAccess._meta.get_field(name) for name in ("case", "user", "organisation", "action", "at")
]


@functools.cache
def _insert() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in _FIELDS)
    marks = ", ".join(["%s"] * len(_FIELDS))
    return f"INSERT INTO {quote(CaseAccess._meta.db_table)} ({columns}) VALUES ({marks})"


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
