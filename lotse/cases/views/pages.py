"""Case pages: the list, the intake form and the case page."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotse.cases import guards, selectors, services
from lotse.cases.access import access_record
from lotse.cases.forms import CaseIntakeForm, form_sections
from lotse.cases.selectors import case_participations, case_version
from lotse.cases.states import NEXT_STEP, CaseState
from lotse.cases.steps import STEPS, case_step
from lotse.cases.views.buttons import case_questions, step_views
from lotse.cases.views.detail import (
    STEPS_ON_THE_CASE,
    assessment_view,
    competence,
    dossier,
    place_doubts,
    place_names,
    region_places,
    still_needed,
    timeline,
    unmet_reasons,
)
from lotse.cases.views.recognition import recognition_panel
from lotse.cases.visibility import case_get_for
from lotse.core.errors import DomainError
from lotse.core.pagination import BadCursor
from lotse.orgs.middleware import membership_of, region_of


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
    listed = partial(selectors.cases_for_list, user=request.user, mine=mine, state=state)
    if request.GET.get("needs") == "me":  # what waits for the active organisation
        membership = membership_of(request)
        listed = partial(selectors.worklist_for, user=request.user, membership=membership)
    status = 200
    try:
        page = listed(after=request.GET.get("after") or None)
    except BadCursor:  # 422 like the API, with the first page to go on from
        messages.error(request, _("The page link is not valid; here is the first page."))
        page, status = listed(), 422
    can_open = guards.case_can_create(actor=membership_of(request)).allowed
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
    if not guards.case_can_create(actor=membership):
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
    form = CaseIntakeForm(
        request.POST or None,
        instance=case,
        region=region_of(request),
        initial={"version": case_version(case=case)},
    )
    if request.method == "POST" and form.is_valid():
        update = partial(services.case_update, fields=form.intake_fields())
        version = form.cleaned_data.get("version")
        try:
            if version is None:
                update(case=case, actor=membership)
            else:
                case_step(case=case, actor=membership, version=version, run=update)
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
    access_record(request=request, case=case, action="page")  # reads the participations once
    return render_case_page(request, case)


def render_case_page(request, case, *, bound=None, status=200):
    """The case page; a step whose input was refused passes its bound form (`bound`, by step
    key) to show the field messages."""
    membership = membership_of(request)
    # Each part of the case is read once and handed on, so the page's queries stay few and
    # do not grow with what the case holds (tests/test_query_budgets.py).
    case_participations(case)
    events = timeline(case)
    tracks = selectors.case_tracks(case=case, events=events)
    ask = case_questions(case=case, actor=membership)
    assessment = assessment_view(case, events)
    places = region_places(case)
    names = place_names(case, places)
    version = events[-1].seq if events else 0
    contacts = list(selectors.case_contacts(case=case))
    initial = {
        "no_prospect": {"text": unmet_reasons(assessment)},
        "choose_authority": {"choice": case.authority_choice},
        "submit": {"choice": case.authority_choice},
        "assign_contact": {"membership": my_contact(contacts=contacts, actor=membership)}
        if ask["assign_contact"]
        else {},
    }
    steps = step_views(
        case=case, actor=membership, ask=ask, version=version, bound=bound or {}, initial=initial
    )
    context = {
        "case": case,
        "ask": ask,
        "steps": steps,
        "version": version,
        "can_act": any(ask[name] for name in STEPS_ON_THE_CASE),
        "next_step": NEXT_STEP[case.state],
        "waiting": selectors.case_next_step(case=case),
        "tracks": tracks,
        "missing": still_needed(case),
        "competence": competence(case, events),
        "recognition": recognition_panel(case, request.GET.get("occupation", "")),
        "place_doubts": place_doubts(case, names, places),
        "dossier": dossier(case, names),
        "events": events,
        "contacts": contacts,
        "family": family_rows(case=case, actor=membership, ask=ask, version=version),
        "assessment": assessment,
    }
    return render(request, "cases/detail.html", context, status=status)


def family_rows(*, case, actor, ask: dict, version: int) -> list:
    """Each family member, with the form that removes them where the actor may."""
    remove = STEPS["family_remove"]
    return [
        (
            member,
            remove.form_for(
                case=case, actor=actor, initial={"version": version, "member": member.pk}
            )
            if ask["family_remove"]
            else None,
        )
        for member in case.family.all()
    ]


def my_contact(*, contacts: list, actor) -> object:
    """The actor's organisation's named contact for the case (pre-selected for a handover), from
    the case's contacts the page has read."""
    if actor is None:
        return None
    mine = (c.membership_id for c in contacts if c.organisation_id == actor.organisation_id)
    return next(mine, None)
