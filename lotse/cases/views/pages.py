"""Case pages: the list and the case page (the intake: `views/intake.py`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from lotse.cases import guards, selectors, worklist
from lotse.cases.access import access_record
from lotse.cases.as_seen import case_as_seen, family_as_seen
from lotse.cases.dossier import precheck_standing
from lotse.cases.erasure import last_erasure_in
from lotse.cases.event_types import EventType
from lotse.cases.need_to_know import (
    NOT_SHARED_HINT,
    PASSED_ON,
    Part,
    events_shown,
    tracks_shown,
    view_for,
)
from lotse.cases.panels import case_panels, timeline_merge
from lotse.cases.selectors import case_participations
from lotse.cases.states import NEXT_STEP, CaseState
from lotse.cases.steps import STEPS
from lotse.cases.views.buttons import (
    action_groups,
    case_questions,
    documents_offer,
    precheck_is_current,
    primary_step,
    step_views,
)
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
    timeline_rows,
    unmet_reasons,
)
from lotse.cases.views.recognition import recognition_panel
from lotse.cases.visibility import case_get_for
from lotse.core import clock
from lotse.core.pagination import BadCursor
from lotse.inbox.selectors import unread_count
from lotse.orgs.middleware import membership_of
from lotse.orgs.models import OrgKind
from lotse.routing.services import agreement_authority_for


def case_list(request):
    """The start page: "needs my action" first, then the other visible cases (`worklist`).
    Following a section's "more" link shows that section alone, from its cursor on."""
    membership = membership_of(request)
    filters = worklist.filters_from(request.GET)
    action_after = request.GET.get("action_after") or None
    after = request.GET.get("after") or None
    status, action, rest = 200, None, None
    try:
        if membership is not None and not after:
            action = worklist.needs_action(
                user=request.user, membership=membership, filters=filters, after=action_after
            )
        if not action_after:
            rest = worklist.the_rest(
                user=request.user, membership=membership, filters=filters, after=after
            )
    except BadCursor:  # 422 like the API, with the first page to go on from
        messages.error(request, _("The page link is not valid; here is the first page."))
        status = 422
        if membership is not None:
            action = worklist.needs_action(
                user=request.user, membership=membership, filters=filters
            )
        rest = worklist.the_rest(user=request.user, membership=membership, filters=filters)
    partners = worklist.partners_for(membership=membership)
    return render(
        request,
        "cases/list.html",
        {
            "action": action,
            "rest": rest,
            "filters": filters,
            "filter_query": _filter_query(filters),
            "continued": bool(action_after or after),
            "states": CaseState.choices,
            "partners": partners,
            "can_open": guards.case_can_create(actor=membership).allowed,
            "unread": unread_count(user=request.user),
        },
        status=status,
    )


def _filter_query(filters) -> str:
    """The filters as a query string for the "more" links (so a next page keeps them)."""
    params = {"state": filters.state, "partner": filters.partner or "", "mine": filters.mine and 1}
    return urlencode({key: value for key, value in params.items() if value})


def case_detail(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id, as_seen=True)
    access_record(request=request, case=case, action="page")  # reads the participations once
    if case.seen_until is not None:
        return render_case_as_seen(request, case)
    return render_case_page(request, case)


def render_case_as_seen(request, case):
    """The case as a reader whose part ended saw it (an authority that rejected the dossier):
    the facts, the state, the family and the log up to its end, its own dossiers; nothing later,
    no step, no next step."""
    membership = membership_of(request)
    view = view_for(user=request.user, case=case, active=membership)
    events = [event for event in timeline(case, view) if event.seq <= view.until]
    seen = case_as_seen(case, events)
    erased = last_erasure_in(events)
    context = {
        "case": seen,
        "view": view,
        "until": events[-1] if events else None,
        "dossier": dossier(seen, place_names(seen), view, erased),
        "family": family_as_seen(seen, events) if view.sees(Part.FAMILY) else [],
        "sees_family": view.sees(Part.FAMILY),
        "events": events_shown(view, events),
        "procedure_letters": PROCEDURE_LETTERS,
        "panels": case_panels(case=seen, view=view, membership=membership, events=events),
        "not_shared": "" if view.sees_all else NOT_SHARED_HINT,
    }
    return render(request, "cases/as_seen.html", context)


def render_case_page(request, case, *, bound=None, status=200):
    """The case page; a step whose input was refused passes its bound form (`bound`, by step
    key) to show the field messages."""
    membership = membership_of(request)
    # Each part of the case is read once and handed on, so the page's queries stay few and
    # do not grow with what the case holds (tests/test_query_budgets.py).
    case_participations(case)
    view = view_for(user=request.user, case=case, active=membership)
    events = timeline(case, view)
    tracks = selectors.case_tracks(case=case, events=events)
    if view.sees(Part.FAMILY):  # the family list and the step forms read it once
        selectors.case_family(case)
    ask = case_questions(case=case, actor=membership)
    assessment = assessment_view(case, events) if view.sees(Part.PRECHECK) else None
    places = region_places(case)
    names = place_names(case, places)
    version = events[-1].seq if events else 0
    contacts = selectors.case_contacts(case=case)
    erased = last_erasure_in(events)
    waiting = selectors.case_next_step(case=case)
    shown = events_shown(view, events)
    initial = {
        "no_prospect": {"text": unmet_reasons(assessment)},
        "choose_authority": {"choice": case.authority_choice},
        "submit": {"choice": case.authority_choice},
        "assign_contact": {"membership": my_contact(contacts=contacts, actor=membership)}
        if ask["assign_contact"]
        else {},
    }
    primary = primary_step(
        next_step=waiting, actor=membership, ask=ask, precheck_current=precheck_is_current(events)
    )
    steps = step_views(
        case=case,
        actor=membership,
        ask=ask,
        version=version,
        bound=bound or {},
        initial=initial,
        primary=primary,
        opened=request.GET.get("step"),
    )
    documents_offer(steps, events)
    partner_staff = membership is not None and membership.organisation.kind != OrgKind.COMPANY
    context = {
        "case": case,
        "ask": ask,
        "steps": steps,
        "primary": primary,
        "groups": action_groups(steps, ask, case),
        "version": version,
        "can_act": any(ask[name] for name in STEPS_ON_THE_CASE),
        "next_step": NEXT_STEP[case.state],
        "waiting": waiting,
        "tracks": tracks_shown(view, tracks, events),
        "missing": still_needed(case),
        "competence": competence(case, view, events),
        "partner_staff": partner_staff,
        "recognition": recognition_panel(case, request.GET.get("occupation", "")),
        "panels": case_panels(case=case, view=view, membership=membership, events=events),
        "place_doubts": place_doubts(case, names, places) if view.sees_all else [],
        "dossier": dossier(case, names, view, erased),
        "erased": erased,
        "events": shown,
        **timeline_part(
            timeline_merge(case=case, view=view, events=events, shown=shown),
            whole=request.GET.get("timeline") == "all",
            partner_staff=partner_staff,
        ),
        "contacts": contacts,
        "family": family_rows(case=case, actor=membership, ask=ask, version=version)
        if view.sees(Part.FAMILY)
        else [],
        "assessment": assessment,
        "view": view,
        "not_shared": "" if view.sees_all else NOT_SHARED_HINT,
        "sees_family": view.sees(Part.FAMILY),
        "sees_precheck": view.sees(Part.PRECHECK),
        "open_section": request.GET.get("occupation") and "recognition",
        "direct_authority": direct_authority(case=case, actor=membership),
        "precheck_standing": precheck_standing(events),
        # the worker's and each family member's export (`?person=`), reversed once for both
        "export_url": reverse("cases:export", args=[case.pk]) if ask["export"] else "",
    }
    return render(request, "cases/detail.html", context, status=status)


# The timeline shows its newest lines; the rest on request ("Show all"): a long log costs the
# page no more than a short one (issue 13).
TIMELINE_SHOWN = 25


# The procedure's letters: the timeline names their body, outcome and measure.
PROCEDURE_LETTERS = frozenset(PASSED_ON | {EventType.RECOGNITION_DOCUMENTS_RECEIVED})


def timeline_part(
    lines: list, *, whole: bool, partner_staff: bool, letters: frozenset = PROCEDURE_LETTERS
) -> dict:
    """The timeline's lines the page renders (oldest first) as `timeline_rows`: all of them on
    request, else the newest `TIMELINE_SHOWN`, with the number left out."""
    if whole or len(lines) <= TIMELINE_SHOWN:
        rows = timeline_rows(lines, letters=letters, partner_staff=partner_staff)
        return {"timeline": rows, "timeline_left_out": 0, "timeline_whole": whole}
    return {
        "timeline": timeline_rows(
            lines[-TIMELINE_SHOWN:], letters=letters, partner_staff=partner_staff
        ),
        "timeline_left_out": len(lines) - TIMELINE_SHOWN,
        "timeline_whole": False,
    }


def direct_authority(*, case, actor):
    """The authority competent today that the company may also apply to directly while the
    chamber has the case (its check is a service: § 81a AufenthG gives the chambers no role), or
    None (not the company, not with the chamber, or none to name)."""
    if not guards.acts_for_company(actor, case):
        return None
    if case.state not in (CaseState.SUBMITTED, CaseState.RETURNED):
        return None
    if not case.workplace_municipality:
        return None
    return agreement_authority_for(case=case, on=clock.today(), row=False).organisation_name


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
