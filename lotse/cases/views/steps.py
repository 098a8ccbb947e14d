"""The steps taken on a case page: parse, fetch through a selector, call one service, back."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.cases import guards, services
from lotse.cases.forms import (
    ChamberChoiceForm,
    FamilyMemberForm,
    ReasonForm,
    authority_choice_form,
)
from lotse.cases.prechecks import case_run_precheck, latest_assessment
from lotse.cases.views.pages import render_case_page
from lotse.cases.visibility import case_get_for
from lotse.core.errors import DomainError
from lotse.core.ids import is_uuid
from lotse.orgs.middleware import membership_of
from lotse.orgs.models import Membership, Organisation, OrgKind
from lotse.orgs.selectors import chambers


def case_action(request, case, action):
    """Run one service on a case the view fetched through `case_get_for` (first, so that a
    hidden case is missing before any input is checked) and come back to its page."""
    try:
        action(case=case, actor=membership_of(request))
    except DomainError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("cases:detail", case_id=case.pk)


def _reason(request) -> str | None:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please state the reason (at most 4,000 characters)."))
        return None
    return form.cleaned_data["text"]


@require_POST
def case_precheck(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    return case_action(request, case, case_run_precheck)


@require_POST
def case_submit(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    form = ChamberChoiceForm(request.POST, chambers=chambers(region=case.company.region))
    if not form.is_valid():
        messages.error(request, _("Please choose the IHK or the Handwerkskammer."))
        return redirect("cases:detail", case_id=case.pk)
    choice = ""
    if guards.case_can_choose_authority(case=case, actor=membership_of(request)):
        # Without a valid choice the service refuses in the region's words (`choice_missing`).
        stated = authority_choice_form(case, request.POST)
        choice = stated.cleaned_data["choice"] if stated.is_valid() else ""
    submit = partial(services.case_submit, chamber=form.cleaned_data["chamber"])
    return case_action(request, case, partial(submit, authority_choice=choice))


@require_POST
def case_withdraw(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    return case_action(
        request,
        case,
        partial(services.case_withdraw, reason=request.POST.get("text", "")[:4000]),
    )


@require_POST
def case_return(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    reason = _reason(request)
    if reason is None:
        return redirect("cases:detail", case_id=case.pk)
    return case_action(request, case, partial(services.case_return, missing=reason))


@require_POST
def case_no_prospect(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    reason = _reason(request)
    if reason is None:
        return redirect("cases:detail", case_id=case.pk)
    stored = latest_assessment(case=case)
    if stored is not None:
        stored = {key: value for key, value in stored.items() if key not in ("at", "self_check")}
    advise = partial(services.case_advise_no_prospect, reasons=reason, assessment=stored)
    return case_action(request, case, advise)


@require_POST
def case_request_forwarding(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    note = request.POST.get("text", "")[:4000]
    return case_action(request, case, partial(services.case_request_forwarding, note=note))


@require_POST
def case_choose_authority(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    form = authority_choice_form(case, request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose one of the authorities offered."))
        return redirect("cases:detail", case_id=case.pk)
    return case_action(
        request,
        case,
        partial(services.case_choose_authority, choice=form.cleaned_data["choice"]),
    )


@require_POST
def case_request_consent(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    return case_action(request, case, services.case_request_consent)


@require_POST
def case_assign_contact(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    membership = membership_of(request)
    chosen = None
    if membership is not None and is_uuid(request.POST.get("membership")):
        chosen = Membership.objects.filter(
            pk=request.POST["membership"], organisation_id=membership.organisation_id
        ).first()
    if chosen is None:
        messages.error(request, _("Please choose a person of your organisation."))
        return redirect("cases:detail", case_id=case.pk)
    return case_action(request, case, partial(services.case_contact_assign, membership=chosen))


@require_POST
def case_involve_partner(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    key = request.POST.get("organisation", "")
    organisation = Organisation.objects.filter(key=key).exclude(kind=OrgKind.COMPANY).first()
    if organisation is None:
        messages.error(request, _("Please choose a partner organisation."))
        return redirect("cases:detail", case_id=case.pk)
    return case_action(
        request, case, partial(services.case_involve_partner, organisation=organisation)
    )


@require_POST
def family_add(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    form = FamilyMemberForm(request.POST)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.family_member_add(case=case, actor=membership_of(request), data=data)
        except DomainError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The family member was added."))
            return redirect("cases:detail", case_id=case.pk)
    messages.error(request, _("Please correct the marked fields. Nothing was saved."))
    return render_case_page(request, case, family_form=form)


@require_POST
def family_remove(request, case_id, member_id):
    case = case_get_for(user=request.user, case_id=case_id)
    member = case.family.filter(pk=member_id).first()
    if member is None:
        return redirect("cases:detail", case_id=case.pk)
    return case_action(request, case, partial(services.family_member_remove, member=member))
