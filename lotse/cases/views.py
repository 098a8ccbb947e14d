"""Case pages: parse, fetch through a selector, call one service, render."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lotse.cases import guards, selectors, services
from lotse.cases.access import access_record
from lotse.cases.forms import (
    AuthorityChoiceForm,
    CaseIntakeForm,
    ChamberChoiceForm,
    FamilyMemberForm,
    ReasonForm,
    form_sections,
)
from lotse.cases.intake import missing_for_submit
from lotse.cases.models import OUTSIDE_REGION, Case
from lotse.cases.prechecks import case_run_precheck, latest_assessment
from lotse.cases.states import NEXT_STEP, CaseState
from lotse.cases.visibility import case_get_for
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.core.ids import is_uuid
from lotse.core.pagination import BadCursor, newest_first
from lotse.orgs.middleware import membership_of
from lotse.orgs.models import Membership, Municipality, Organisation, OrgKind
from lotse.orgs.selectors import chambers


def _region(request) -> str:
    membership = membership_of(request)
    return membership.organisation.region if membership else "hannover"


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
    try:
        page = newest_first(cases, after=request.GET.get("after") or None)
    except BadCursor:
        messages.error(request, _("The page link is not valid; here is the first page."))
        page = newest_first(cases)
    membership = membership_of(request)
    can_open = membership is not None and membership.organisation.kind == OrgKind.COMPANY
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
    )


def case_new(request):
    membership = membership_of(request)
    if membership is None or membership.organisation.kind != OrgKind.COMPANY:
        messages.error(request, _("Only companies can open cases."))
        return redirect("cases:list")
    form = CaseIntakeForm(request.POST or None, region=_region(request))
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
    form = CaseIntakeForm(request.POST or None, instance=case, region=_region(request))
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
    membership = membership_of(request)
    ask = {
        name: guard(case=case, actor=membership)
        for name, guard in {
            "edit": guards.case_can_edit,
            "submit": guards.case_can_submit,
            "withdraw": guards.case_can_withdraw,
            "return": guards.case_can_return,
            "no_prospect": guards.case_can_advise_no_prospect,
            "forward": guards.case_can_forward,
            "request_forwarding": guards.case_can_request_forwarding,
            "choose_authority": guards.case_can_choose_authority,
            "request_consent": guards.case_can_request_consent,
            "assign_contact": guards.case_can_assign_contact,
            "involve_partner": guards.case_can_involve_partner,
            "precheck": guards.case_can_precheck,
            "self_check": guards.case_can_self_check,
        }.items()
    }
    colleagues = []
    if ask["assign_contact"]:
        colleagues = Membership.objects.filter(
            organisation_id=membership.organisation_id, active=True
        ).select_related("user")
    partners = []
    if ask["involve_partner"]:
        taking_part = case.participants.values("organisation_id")
        partners = (
            Organisation.objects.filter(region=case.company.region)
            .exclude(kind=OrgKind.COMPANY)
            .exclude(pk__in=taking_part)
        )
    assessment = _assessment_view(case)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "competence": _competence(case),
            "next_step": NEXT_STEP[case.state],
            "places": _place_names(case),
            "ask": ask,
            "events": selectors.case_timeline(case=case),
            "contacts": selectors.case_contacts(case=case),
            "family": case.family.all(),
            "missing": [
                Case._meta.get_field(name).verbose_name for name in missing_for_submit(case)
            ],
            "chamber_form": _chamber_form(case),
            "family_form": FamilyMemberForm(),
            "reason_form": ReasonForm(),
            "choice_form": AuthorityChoiceForm(initial={"choice": case.authority_choice}),
            "colleagues": colleagues,
            "assessment": assessment,
            "unmet_reasons": _unmet_reasons(assessment),
            "partners": partners,
        },
    )


def _place_names(case) -> dict:
    keys = {case.workplace_municipality, case.residence_municipality} - {"", OUTSIDE_REGION}
    names = dict(Municipality.objects.filter(key__in=keys).values_list("key", "name"))
    names[OUTSIDE_REGION] = _("outside the region")
    return {
        "workplace": names.get(case.workplace_municipality, ""),
        "residence": names.get(case.residence_municipality, ""),
    }


def _chamber_form(case):
    """The chamber choice, pre-selected by the company's trade with the reason as the hint."""
    from lotse.routing.services import chamber_for_company

    form = ChamberChoiceForm(chambers=chambers(region=case.company.region))
    found = chamber_for_company(company=case.company, on=clock.today())
    if found is not None and found.organisation is not None:
        language = "en" if translation.get_language() == "en" else "de"
        form.initial["chamber"] = found.organisation.pk
        form.fields["chamber"].help_text = found.reason[language]
    return form


CONDITION_STATUS = {
    "met": gettext_lazy("met"),
    "not_met": gettext_lazy("not met"),
    "unknown": gettext_lazy("unknown: please ask"),
    "outstanding": gettext_lazy("outstanding: the procedure obtains it"),
}


def _unmet_reasons(assessment) -> str:
    """The unmet conditions of a not-promising pre-check, one per line, as a draft of the advice."""
    if not assessment or assessment.get("outcome") != "not_promising":
        return ""
    lines = []
    for pathway in assessment["pathways"]:
        for condition in pathway["conditions"]:
            if condition["status"] == "not_met" and condition["text"] not in lines:
                lines.append(condition["text"])
    return "\n".join(lines)


def _assessment_view(case):
    """The last pre-check's result with texts in the current language only."""
    stored = latest_assessment(case=case)
    if stored is None:
        return None
    language = "en" if translation.get_language() == "en" else "de"
    for pathway in stored.get("pathways", []):
        for condition in pathway.get("conditions", []):
            condition["text"] = (condition.get("explanation") or {}).get(language, "")
            condition["status_label"] = CONDITION_STATUS.get(
                condition["status"], condition["status"]
            )
    return stored


@require_POST
def case_precheck(request, case_id):
    return case_action(request, case_id, case_run_precheck)


def _competence(case):
    """What routing answers today for this case ("Zuständig: … weil …"), by the current language."""
    from lotse.routing.services import agreement_authority_for, residence_authority_for

    language = "en" if translation.get_language() == "en" else "de"
    today = clock.today()
    rows = []
    if case.workplace_municipality:
        rows.append(
            (
                _("Procedure before entry (§ 81a AufenthG)"),
                agreement_authority_for(case=case, on=today),
            )
        )
    if case.residence_municipality:
        rows.append(
            (_("Residence permit after entry"), residence_authority_for(case=case, on=today))
        )
    return [
        (title, found.answer.organisation_name, found.reason[language]) for title, found in rows
    ]


def case_action(request, case_id, action):
    """Run one service on a visible case and come back to its page, with the refusal shown."""
    case = case_get_for(user=request.user, case_id=case_id)
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
def case_submit(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    form = ChamberChoiceForm(request.POST, chambers=chambers(region=case.company.region))
    if not form.is_valid():
        messages.error(request, _("Please choose the IHK or the Handwerkskammer."))
        return redirect("cases:detail", case_id=case.pk)
    return case_action(
        request, case_id, partial(services.case_submit, chamber=form.cleaned_data["chamber"])
    )


@require_POST
def case_withdraw(request, case_id):
    case_get_for(user=request.user, case_id=case_id)  # hidden looks missing, before any input check
    return case_action(
        request,
        case_id,
        partial(services.case_withdraw, reason=request.POST.get("text", "")[:4000]),
    )


@require_POST
def case_return(request, case_id):
    case_get_for(user=request.user, case_id=case_id)  # hidden looks missing, before any input check
    reason = _reason(request)
    if reason is None:
        return redirect("cases:detail", case_id=case_id)
    return case_action(request, case_id, partial(services.case_return, missing=reason))


@require_POST
def case_no_prospect(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    reason = _reason(request)
    if reason is None:
        return redirect("cases:detail", case_id=case_id)
    stored = latest_assessment(case=case)
    if stored is not None:
        stored = {key: value for key, value in stored.items() if key not in ("at", "self_check")}
    advise = partial(services.case_advise_no_prospect, reasons=reason, assessment=stored)
    return case_action(request, case_id, advise)


@require_POST
def case_request_forwarding(request, case_id):
    case_get_for(user=request.user, case_id=case_id)  # hidden looks missing, before any input check
    note = request.POST.get("text", "")[:4000]
    return case_action(request, case_id, partial(services.case_request_forwarding, note=note))


@require_POST
def case_choose_authority(request, case_id):
    case_get_for(user=request.user, case_id=case_id)  # hidden looks missing, before any input check
    form = AuthorityChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose the local authority or the Zentralstelle."))
        return redirect("cases:detail", case_id=case_id)
    return case_action(
        request,
        case_id,
        partial(services.case_choose_authority, choice=form.cleaned_data["choice"]),
    )


@require_POST
def case_request_consent(request, case_id):
    return case_action(request, case_id, services.case_request_consent)


@require_POST
def case_assign_contact(request, case_id):
    case_get_for(user=request.user, case_id=case_id)  # hidden looks missing, before any input check
    membership = membership_of(request)
    chosen = None
    if membership is not None and is_uuid(request.POST.get("membership")):
        chosen = Membership.objects.filter(
            pk=request.POST["membership"], organisation_id=membership.organisation_id
        ).first()
    if chosen is None:
        messages.error(request, _("Please choose a person of your organisation."))
        return redirect("cases:detail", case_id=case_id)
    return case_action(request, case_id, partial(services.case_contact_assign, membership=chosen))


@require_POST
def case_involve_partner(request, case_id):
    case_get_for(user=request.user, case_id=case_id)  # hidden looks missing, before any input check
    key = request.POST.get("organisation", "")
    organisation = Organisation.objects.filter(key=key).exclude(kind=OrgKind.COMPANY).first()
    if organisation is None:
        messages.error(request, _("Please choose a partner organisation."))
        return redirect("cases:detail", case_id=case_id)
    return case_action(
        request, case_id, partial(services.case_involve_partner, organisation=organisation)
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
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The family member was added."))
            return redirect("cases:detail", case_id=case.pk)
    else:
        for field, problems in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(problems)}")
    return redirect("cases:detail", case_id=case.pk)


@require_POST
def family_remove(request, case_id, member_id):
    case = case_get_for(user=request.user, case_id=case_id)
    member = case.family.filter(pk=member_id).first()
    if member is None:
        return redirect("cases:detail", case_id=case.pk)
    return case_action(request, case_id, partial(services.family_member_remove, member=member))
