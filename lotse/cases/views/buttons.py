"""The case page's step forms, made from the step table: each step's guard is asked once, and
an allowed step gets its form with the case version in a hidden field."""

from dataclasses import dataclass

from django.urls import reverse

from lotse.cases import guards
from lotse.cases.models import Case
from lotse.cases.selectors import case_participations
from lotse.cases.services import INVOLVABLE
from lotse.cases.step_forms import StepForm
from lotse.cases.steps import STEPS, Step
from lotse.cases.views.detail import text_language
from lotse.core import clock
from lotse.core.decision import Decision
from lotse.orgs.models import Membership, Organisation
from lotse.routing.services import chamber_for_company

# Questions the page asks beside the steps: editing is a page of its own, and the self-check is
# the pre-check step as the company takes it (the button says so).
PAGE_GUARDS = {"edit": guards.case_can_edit, "self_check": guards.case_can_self_check}


@dataclass
class StepView:
    step: Step
    decision: Decision
    url: str
    form: StepForm | None = None

    def __bool__(self) -> bool:
        return self.decision.allowed


def case_questions(*, case: Case, actor: Membership | None) -> dict:
    """Each guard's answer for this actor now, asked once: the template shows what is allowed."""
    answers = {key: step.guard(case=case, actor=actor) for key, step in STEPS.items()}
    return answers | {key: guard(case=case, actor=actor) for key, guard in PAGE_GUARDS.items()}


def step_views(
    *, case: Case, actor, ask: dict, version: int, bound: dict, initial: dict
) -> dict[str, StepView]:
    """Each step with its guard's answer, its URL and, where allowed, its form: bound when the
    step's input was just refused, else filled in with `initial` (by step key) and the version."""
    views = {}
    for key, step in STEPS.items():
        view = StepView(step, ask[key], reverse(f"cases:{key}", args=[case.pk]))
        if key in bound:
            view.form = bound[key]
        elif view:
            start = {"version": version} | initial.get(key, {})
            view.form = step.form_for(case=case, actor=actor, initial=start)
            _narrow(key, view.form, case=case, ask=ask)
        views[key] = view
    return views


def _narrow(key: str, form: StepForm, *, case: Case, ask: dict) -> None:
    """What the page offers where the form accepts more (the service says why the rest is not)."""
    if key == "assign_contact":
        form.offer("membership", form.fields["membership"].queryset)
    if key == "involve_partner":
        taking_part = case_participations(case)
        partners = Organisation.objects.filter(region=case.company.region, kind__in=INVOLVABLE)
        form.offer("organisation", partners.exclude(pk__in=list(taking_part)))
    if key == "submit" and not ask["choose_authority"]:
        del form.fields["choice"]  # no choice to state outside the region's window
    if key == "submit":
        found = chamber_for_company(company=case.company, on=clock.today(), row=False)
        if found is not None and found.organisation_key is not None:
            form.initial["chamber"] = found.organisation_key
            form.fields["chamber"].help_text = found.reason[text_language()]
