"""Case pages: the list and the case page (the intake: `views/intake.py`)."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from lotse.cases import guards, selectors
from lotse.cases.access import access_record
from lotse.cases.erasure import last_erasure_in
from lotse.cases.need_to_know import NOT_SHARED_HINT, Part, view_for
from lotse.cases.selectors import case_version
from lotse.cases.states import NEXT_STEP, CaseState
from lotse.cases.steps import STEPS
from lotse.cases.views.buttons import case_questions, step_views
from lotse.cases.views.detail import (
    STEPS_ON_THE_CASE,
    assessment_view,
    competence,
    dossier,
    place_doubts,
    place_names,
    still_needed,
    timeline,
    unmet_reasons,
)
from lotse.cases.views.recognition import recognition_panel
from lotse.cases.visibility import case_get_for
from lotse.core.pagination import BadCursor, newest_first
from lotse.orgs.middleware import membership_of


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


def case_detail(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    access_record(request=request, case=case, action="page")
    return render_case_page(request, case)


def render_case_page(request, case, *, bound=None, status=200):
    """The case page; a step whose input was refused passes its bound form (`bound`, by step
    key) to show the field messages."""
    membership = membership_of(request)
    ask = case_questions(case=case, actor=membership)
    view = view_for(user=request.user, case=case, active=membership)
    assessment = assessment_view(case) if view.sees(Part.PRECHECK) else None
    names = place_names(case)
    version = case_version(case=case)
    events = timeline(case, view)
    erased = last_erasure_in(events)
    initial = {
        "no_prospect": {"text": unmet_reasons(assessment)},
        "choose_authority": {"choice": case.authority_choice},
        "submit": {"choice": case.authority_choice},
        "assign_contact": {"membership": my_contact(case=case, actor=membership)}
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
        "tracks": selectors.case_tracks(case=case),
        "missing": still_needed(case),
        "competence": competence(case, view),
        "recognition": recognition_panel(case, request.GET.get("occupation", "")),
        "place_doubts": place_doubts(case, names) if view.sees_all else [],
        "dossier": dossier(case, names, view, erased),
        "erased": erased,
        "events": events,
        "contacts": selectors.case_contacts(case=case),
        "family": family_rows(case=case, actor=membership, ask=ask, version=version)
        if view.sees(Part.FAMILY)
        else [],
        "assessment": assessment,
        "view": view,
        "not_shared": "" if view.sees_all else NOT_SHARED_HINT,
        "sees_family": view.sees(Part.FAMILY),
        "sees_precheck": view.sees(Part.PRECHECK),
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


def my_contact(*, case, actor) -> object:
    """The actor's organisation's named contact for the case (pre-selected for a handover)."""
    if actor is None:
        return None
    contacts = case.contacts.filter(organisation_id=actor.organisation_id)
    return contacts.values_list("membership_id", flat=True).first()
