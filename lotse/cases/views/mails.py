"""The lead's page of mails that could not be delivered to their organisation's contacts."""

from django.shortcuts import render

from lotse.cases.notifications import failed_for
from lotse.orgs.middleware import membership_of


def failed_mails(request):
    """Failed mails to the organisation's contacts, with case and recipient, so that the lead can
    tell the person another way (or have the address corrected)."""
    membership = membership_of(request)
    if membership is None or not membership.can_lead:
        return render(request, "cases/not_lead.html", status=403)
    rows = failed_for(membership=membership)
    return render(request, "cases/failed_mails.html", {"rows": rows})
