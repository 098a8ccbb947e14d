"""Case pages: the list, the intake form and the case page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotse.cases import guards, selectors, services
from lotse.cases.access import access_record
from lotse.cases.forms import (
    AuthorityChoiceForm,
    CaseIntakeForm,
    FamilyMemberForm,
    ReasonForm,
    form_sections,
)
from lotse.cases.states import NEXT_STEP, CaseState
from lotse.cases.views.detail import (
    STEPS_ON_THE_CASE,
    assessment_view,
    case_questions,
    chamber_form,
    competence,
    contact_choices,
    dossier,
    place_doubts,
    place_names,
    still_needed,
    timeline,
    unmet_reasons,
)
from lotse.cases.views.recognition import recognition_panel
from lotse.cases.visibility import case_get_for
from lotse.core.errors import DomainError
from lotse.core.pagination import BadCursor, newest_first
from lotse.orgs.middleware import membership_of, region_of
from lotse.orgs.models import OrgKind


def _apply_errors(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        target = field if field in form.fields else None
        if field == "worker_languages":
            target = "languages"
        for problem in problems:
            form.add_error(target, problem)


def case_list(request):
    mine = request.GET.get("mine") == "1"
    state = request.GET.get("state", "")
    if state not in CaseState.values:
        state = ""
    cases = selectors.case_list_for(user=request.user, mine=mine, state=state)
    status = 200
    try:
        page = newest_first(cases, after=request.GET.get("after") or None)
    except BadCursor:  # 422 like the API, with the first page to go on from
        messages.error(request, _("The page link is not valid; here is the first page."))
        page, status = newest_first(cases), 422
    membership = membership_of(request)
    can_open = (
        membership is not None
        and membership.organisation.kind == OrgKind.COMPANY
        and membership.role in guards.WORKING_ROLES
    )
    return render(
        request,
        "cases/list.html",
        {
            "cases": page.items,
            "next_cursor": page.next_cursor,
            "mine": mine,
            "state": state,
            "states": CaseState.choices,
            "can_open": can_open,
        },
        status=status,
    )


def case_new(request):
    membership = membership_of(request)
    if (
        membership is None
        or membership.organisation.kind != OrgKind.COMPANY
        or membership.role not in guards.WORKING_ROLES
    ):
        messages.error(request, _("Only companies can open cases."))
        return redirect("cases:list")
    form = CaseIntakeForm(request.POST or None, region=region_of(request))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=membership, fields=form.intake_fields())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The case was saved as a draft."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request, "cases/form.html", {"form": form, "sections": form_sections(form), "case": None}
    )


def case_edit(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    membership = membership_of(request)
    decision = guards.case_can_edit(case=case, actor=membership)
    if not decision:
        messages.error(request, decision.message)
        return redirect("cases:detail", case_id=case.pk)
    access_record(request=request, case=case, action="edit")
    form = CaseIntakeForm(request.POST or None, instance=case, region=region_of(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(case=case, actor=membership, fields=form.intake_fields())
        except ValidationError as error:
            _apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request, "cases/form.html", {"form": form, "sections": form_sections(form), "case": case}
    )


def case_detail(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    access_record(request=request, case=case, action="page")
    return render_case_page(request, case)


def render_case_page(request, case, *, family_form=None, status=200):
    """The case page; a step whose input was invalid passes its bound form to show the errors."""
    membership = membership_of(request)
    ask = case_questions(case=case, actor=membership)
    assessment = assessment_view(case)
    names = place_names(case)
    context = {
        "case": case,
        "ask": ask,
        "can_act": any(ask[name] for name in STEPS_ON_THE_CASE),
        "next_step": NEXT_STEP[case.state],
        "waiting": selectors.case_next_step(case=case),
        "tracks": selectors.case_tracks(case=case),
        "missing": still_needed(case),
        "competence": competence(case),
        "recognition": recognition_panel(case, request.GET.get("occupation", "")),
        "place_doubts": place_doubts(case, names),
        "dossier": dossier(case, names),
        "events": timeline(case),
        "contacts": selectors.case_contacts(case=case),
        "family": case.family.all(),
        "assessment": assessment,
        "unmet_reasons": unmet_reasons(assessment),
        "chamber_form": chamber_form(case),
        "family_form": family_form or FamilyMemberForm(),
        "reason_form": ReasonForm(),
        "choice_form": AuthorityChoiceForm(initial={"choice": case.authority_choice}),
        **contact_choices(case=case, actor=membership, ask=ask),
    }
    return render(request, "cases/detail.html", context, status=status)
