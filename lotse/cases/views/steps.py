"""The page's POST route of every step in the step table: parse, run, say what happened, back."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.cases.errors import CaseError
from lotse.cases.steps import STEPS, step_perform
from lotse.cases.views.pages import render_case_page
from lotse.cases.visibility import case_get_for
from lotse.core.errors import DomainError
from lotse.core.uploads import oversize_fields
from lotse.orgs.middleware import membership_of


@require_POST
def step_page(request, case_id, key):
    """Run the step `key` (from the URL pattern) on a case fetched through `case_get_for` first,
    so that a hidden case is missing before any input is checked. Invalid input shows the page
    again with the step's form and its field messages; a refusal or success comes back as a
    message on the case page."""
    step = STEPS[key]
    case = case_get_for(user=request.user, case_id=case_id)
    try:
        outcome = step_perform(
            step,
            case=case,
            actor=membership_of(request),
            data=request.POST,
            files=request.FILES if step.files else None,
            oversize=oversize_fields(request),
        )
    except DomainError as error:
        messages.error(request, _refusal(error))
    except ValidationError as error:
        return _invalid(request, case, step, error)
    else:
        messages.success(request, outcome.message)
    return redirect("cases:detail", case_id=case.pk)


def _refusal(error: DomainError) -> str:
    if error.code == CaseError.CASE_CHANGED:
        return _("%(message)s The page shows it as it is now.") % {"message": error.message}
    return error.message


def _invalid(request, case, step, error: ValidationError):
    files = request.FILES if step.files else None
    form = step.form_for(request.POST, case=case, actor=membership_of(request), files=files)
    if hasattr(form, "refuse_oversize") and oversize_fields(request):
        form.refuse_oversize(oversize_fields(request))
    elif form.is_valid():  # the service refused the input (e.g. a model check): mark it at the form
        for name, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
    hidden = [
        problem
        for name, problems in form.errors.items()
        if name in form.fields and form.fields[name].widget.is_hidden
        for problem in problems
    ]
    messages.error(
        request, " ".join([_("Please correct the marked fields. Nothing was saved."), *hidden])
    )
    return render_case_page(request, case, bound={step.key: form})
