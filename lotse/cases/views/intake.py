"""The intake as steps: the data-protection notice and consent first, then the facts page by
page, the family, and a last check before submission. Every step saves as the company goes; the
draft stays editable, each step can be opened directly."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lotse.cases import guards, services
from lotse.cases.access import access_record
from lotse.cases.forms import CaseIntakeForm, ConsentForm
from lotse.cases.intake import (
    INTAKE_STEP_BY_SLUG,
    INTAKE_STEPS,
    IntakeStep,
    intake_step_for,
    missing_for_submit,
)
from lotse.cases.plausibility import case_warnings
from lotse.cases.selectors import case_version
from lotse.cases.steps import STEPS, case_step, step_perform
from lotse.cases.views.detail import field_label
from lotse.cases.visibility import case_get_for
from lotse.core.errors import DomainError
from lotse.orgs.middleware import membership_of, region_of

CONSENT = INTAKE_STEPS[0]


def _posted(request):
    """The POST data of a form post (even an empty one, so that it is checked), else None."""
    return request.POST if request.method == "POST" else None


def step_url(case, step: IntakeStep) -> str:
    return reverse("cases:intake", kwargs={"case_id": case.pk, "step": step.slug})


def _neighbour(step: IntakeStep, offset: int) -> IntakeStep | None:
    index = INTAKE_STEPS.index(step) + offset
    return INTAKE_STEPS[index] if 0 <= index < len(INTAKE_STEPS) else None


def _progress(case, current: IntakeStep) -> list[dict]:
    """The steps for the progress indicator: each with its link (none before the case exists)."""
    return [
        {
            "number": number,
            "title": step.title,
            "url": step_url(case, step) if case is not None else "",
            "current": step == current,
        }
        for number, step in enumerate(INTAKE_STEPS, start=1)
    ]


def _render(request, case, step: IntakeStep, template: str, context: dict, status=200):
    number = INTAKE_STEPS.index(step) + 1
    base = {
        "case": case,
        "step": step,
        "number": number,
        "total": len(INTAKE_STEPS),
        "steps": _progress(case, step),
        "previous": _neighbour(step, -1),
        "next": _neighbour(step, 1),
        "warnings": [w for w in case_warnings(case) if w.field in step.fields]
        if case is not None
        else [],
    }
    return render(request, template, base | context, status=status)


def _apply_errors(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        target = "languages" if field == "worker_languages" else field
        for problem in problems:
            form.add_error(target if target in form.fields else None, problem)


def intake_new(request):
    """The first step of a new case: the notice, and the consent confirmed before any personal
    data is stored; the case is created with the consent (its `case.created` event holds it)."""
    membership = membership_of(request)
    if not guards.case_can_create(actor=membership):
        messages.error(request, _("Only companies can open cases."))
        return redirect("cases:list")
    form = ConsentForm(_posted(request), region=region_of(request))
    if request.method == "POST" and form.is_valid():
        case = services.case_create(actor=membership, fields=form.intake_fields())
        messages.success(request, _("The consent was recorded; the case was saved as a draft."))
        return redirect(step_url(case, INTAKE_STEPS[1]))
    status = 422 if form.errors else 200
    return _render(request, None, CONSENT, "cases/intake/step.html", {"form": form}, status)


def intake_edit(request, case_id):
    """The former single edit page: the intake's first page of facts."""
    case = case_get_for(user=request.user, case_id=case_id)
    return redirect(step_url(case, INTAKE_STEPS[1]))


def intake_step(request, case_id, step):
    """One step of the intake of an editable case (draft, or returned for completion)."""
    found = INTAKE_STEP_BY_SLUG.get(step)
    if found is None:
        raise Http404
    case = case_get_for(user=request.user, case_id=case_id)
    membership = membership_of(request)
    decision = guards.case_can_edit(case=case, actor=membership)
    if not decision:
        messages.error(request, decision.message)
        return redirect("cases:detail", case_id=case.pk)
    access_record(request=request, case=case, action="edit")
    if found.slug == "family":
        return family_step(request, case, found)
    if found.slug == "review":
        return review_step(request, case, found)
    return fields_step(request, case, found)


def fields_step(request, case, step: IntakeStep):
    """A page of intake fields: saving changes these fields only, then goes on or back."""
    membership = membership_of(request)
    form_class = ConsentForm if step == CONSENT else partial(CaseIntakeForm, fields=step.fields)
    form = form_class(
        _posted(request),
        instance=case,
        region=region_of(request),
        initial={"version": case_version(case=case)},
    )
    if request.method == "POST" and form.is_valid():
        update = partial(services.case_update, fields=form.intake_fields())
        try:
            case_step(case=case, actor=membership, version=form.cleaned_data["version"], run=update)
        except ValidationError as error:
            _apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(step_url(case, step))
        else:
            return _saved(request, case, step)
    status = 422 if form.errors else 200
    return _render(request, case, step, "cases/intake/step.html", {"form": form}, status)


def _saved(request, case, step: IntakeStep):
    """Say it was saved (with the warnings its values give), then go where the button said."""
    case.refresh_from_db()
    warnings = [w for w in case_warnings(case) if w.field in step.fields]
    if warnings:
        text = " ".join(w.message for w in warnings)
        messages.warning(
            request,
            _("Saved. Please check: %(warnings)s Submission asks you to confirm these values.")
            % {"warnings": text},
        )
    else:
        messages.success(request, _("Saved."))
    go = request.POST.get("go")
    target = _neighbour(step, -1 if go == "back" else 1) if go in ("back", "next") else step
    return redirect(step_url(case, target or step))


def family_step(request, case, step: IntakeStep):
    """The family coming along (§ 81a Abs. 4 AufenthG): add and remove, each through its step."""
    membership = membership_of(request)
    version = case_version(case=case)
    add = STEPS["family_add"]
    form = add.form_for(case=case, actor=membership, initial={"version": version})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        key = "family_remove" if action == "remove" else "family_add"
        try:
            outcome = step_perform(STEPS[key], case=case, actor=membership, data=request.POST)
        except DomainError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            if key == "family_remove":
                messages.error(request, " ".join(error.messages))
            else:
                form = add.form_for(request.POST, case=case, actor=membership)
                if form.is_valid():
                    _apply_errors(form, error)
                status = 422
        else:
            messages.success(request, outcome.message)
            return redirect(step_url(case, step))
        if status == 200:
            return redirect(step_url(case, step))
    remove = STEPS["family_remove"]
    members = [
        (
            member,
            remove.form_for(
                case=case,
                actor=membership,
                initial={"version": version, "member": member.pk},
                auto_id=f"remove-{member.pk}-%s",
            ),
        )
        for member in case.family.all()
    ]
    context = {"form": form, "members": members}
    return _render(request, case, step, "cases/intake/family.html", context, status)


def review_step(request, case, step: IntakeStep):
    """What submission still needs, the plausibility warnings (each with a link to its step) and
    the submission itself, with the confirmation the warnings ask for."""
    membership = membership_of(request)
    submit = STEPS["submit"]
    version = case_version(case=case)
    form = submit.form_for(
        case=case,
        actor=membership,
        initial={"version": version, "choice": case.authority_choice},
    )
    status = 200
    if request.method == "POST":
        try:
            outcome = step_perform(submit, case=case, actor=membership, data=request.POST)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(step_url(case, step))
        except ValidationError as error:
            form = submit.form_for(request.POST, case=case, actor=membership)
            if form.is_valid():
                _apply_errors(form, error)
            status = 422
        else:
            messages.success(request, outcome.message)
            return redirect("cases:detail", case_id=case.pk)
    missing = [(field_label(name), intake_step_for(name)) for name in missing_for_submit(case)] + (
        [] if case.consent_given else [(field_label("consent_given"), CONSENT)]
    )
    warnings = [(w, intake_step_for(w.field)) for w in case_warnings(case)]
    decision = guards.case_can_submit(case=case, actor=membership)
    context = {
        "form": form if decision else None,
        "refusal": "" if decision else decision.message,
        "missing": [(label, step_url(case, where)) for label, where in missing],
        "all_warnings": [(w, step_url(case, where)) for w, where in warnings],
    }
    return _render(request, case, step, "cases/intake/review.html", context, status)
