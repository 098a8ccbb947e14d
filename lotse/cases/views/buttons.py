"""The case page's step forms, made from the step table: each step's guard is asked once, and
an allowed step the page shows at once gets its form with the case version in a hidden field. A
step that asks for input beside the expected one, or asks to be confirmed, is a link that opens
the page with its form (`?step=<key>`): the page builds and renders only the forms it shows."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lotse.cases import guards
from lotse.cases.dossier import CURRENT, precheck_standing
from lotse.cases.event_types import EventType
from lotse.cases.guards import dossier_problems, problem_texts
from lotse.cases.models import Case
from lotse.cases.need_to_know import will_see
from lotse.cases.next_step import Step as NextStepKind
from lotse.cases.selectors import (
    INVOLVABLE,
    case_organisations,
    case_participations,
    region_partners_left,
)
from lotse.cases.step_forms import StepForm
from lotse.cases.steps import STEPS, Step
from lotse.cases.views.detail import text_language
from lotse.core import clock
from lotse.core.decision import Decision
from lotse.orgs.models import Membership
from lotse.routing.services import chamber_for_company

# Questions the page asks beside the steps: editing and a person's data export are pages of their
# own, and the self-check is the pre-check step as the company takes it (the button says so).
PAGE_GUARDS = {
    "edit": guards.case_can_edit,
    "self_check": guards.case_can_self_check,
    "export": guards.case_can_export_person,
}


@dataclass
class StepView:
    step: Step
    decision: Decision
    url: str
    form: StepForm | None = None
    primary: bool = False  # the step the case's state expects now (`primary_step`)
    opened: bool = False  # asked for by the page's URL (`?step=<key>`)

    def __bool__(self) -> bool:
        return self.decision.allowed

    @property
    def button_class(self) -> str:
        """KERN's button variant: one primary button per page, red for what cannot be undone."""
        if self.primary:
            return "kern-btn kern-btn--primary"
        if self.step.style == "danger":
            return "kern-btn kern-btn--secondary danger"
        return "kern-btn kern-btn--secondary"

    @property
    def folded(self) -> bool:
        """An allowed step whose form the page does not show: a link opens it (`open_url`)."""
        return bool(self) and self.form is None

    @property
    def on_demand(self) -> bool:
        """A step beside the expected one whose form asks for input, or that asks to be
        confirmed, opens on demand (`open_url`), so the page stays short and renders only the
        forms it shows; the expected step, a step that is only its button and a one-line step
        show at once."""
        if self.primary:
            return False
        return self.step.confirm is not None or (not self.inline and self.step.form.asks())

    @property
    def disclosure(self) -> str:
        """How the page wraps the step's shown form: "confirm" (it names the step and its
        effect first), "step" (opened on demand, not refused) or ""."""
        if self.step.confirm is not None:
            return "confirm"
        if self.on_demand and self.opened and not (self.form is not None and self.form.is_bound):
            return "step"
        return ""

    @property
    def open_url(self) -> str:
        """The case page with this step's form open, scrolled to it."""
        return f"?step={self.step.key}#step-{self.step.key}"

    @property
    def link(self) -> str:
        """A folded step on the page: the link that opens its form, named as its disclosure
        was (" …": more follows)."""
        step = self.step
        return format_html(
            '<p class="case-step" id="step-{}"><a class="case-step-open" href="{}">{}</a></p>',
            step.key,
            self.open_url,
            step.confirm if step.confirm is not None else format_html("{} …", step.label),
        )

    @property
    def inline(self) -> bool:
        """A one-field step that sits on one line with its button."""
        return self.step.key in ("assign_contact", "involve_partner")

    @property
    def confirm_effect(self):
        return CONFIRM_EFFECTS.get(self.step.key)


# Steps that cannot be undone or that share the case's data ask first, saying what they do.
CONFIRM_EFFECTS = {
    "withdraw": _(
        "The case ends for good: nobody can take a further step on it and it cannot be reopened. "
        "Its record stays."
    ),
    "involve_partner": _(
        "The partner you bring in sees this case from now on, with all its data, the personal "
        "data of the worker and the family included. It cannot be taken out of the case again."
    ),
}

# The page's steps that take each projected next step, in order of preference (next_step.Step).
EXPECTED = {
    NextStepKind.INTAKE: ("submit", "edit"),
    NextStepKind.PRECHECK: ("forward", "precheck"),
    NextStepKind.CONSENT_REQUEST: ("request_consent",),
    NextStepKind.CONSENT_DECIDE: ("decide_consent",),
    NextStepKind.CONSENT_CONFIRM_DEEMED: ("consent_confirm_deemed",),
}


def precheck_is_current(events) -> bool:
    """Has the chamber run its pre-check since the case's facts or documents last changed?
    (`events`: the case's log, as the page loaded it for the timeline.)"""
    return precheck_standing(events) == CURRENT


def primary_step(*, next_step, actor, ask: dict, precheck_current: bool) -> str | None:
    """The key of the step the case's state expects of `actor` now, if they may take it: the
    page's one primary button. The chamber's "Forward" is primary only after a pre-check of the
    current facts; before that the pre-check is."""
    if next_step is None or actor is None or next_step.organisation_id != actor.organisation_id:
        return None
    for key in EXPECTED.get(next_step.step, ()):
        if key == "forward" and not precheck_current:
            continue
        if ask.get(key):
            return key
    return None


def case_questions(*, case: Case, actor: Membership | None) -> dict:
    """Each guard's answer for this actor now, asked once: the template shows what is allowed."""
    answers = {key: step.guard(case=case, actor=actor) for key, step in STEPS.items()}
    return answers | {key: guard(case=case, actor=actor) for key, guard in PAGE_GUARDS.items()}


def step_views(
    *,
    case: Case,
    actor,
    ask: dict,
    version: int,
    bound: dict,
    initial: dict,
    primary=None,
    opened: str | None = None,
) -> dict[str, StepView]:
    """Each step with its guard's answer, its URL and, where allowed and shown, its form: bound
    when the step's input was just refused, else filled in with `initial` (by step key) and the
    version. `primary` names the step whose button is the page's primary one, `opened` the step
    whose form the page was asked to open. A step not shown at once gets no form (`folded`)."""
    views = {}
    page = reverse("cases:detail", args=[case.pk])
    for key, step in STEPS.items():
        decision = ask[key]
        view = StepView(
            step,
            decision,
            step_url(page, step) if decision.allowed else "",
            primary=key == primary,
            opened=key == opened,
        )
        if key in bound:
            view.form = bound[key]
        elif view and (view.opened or not view.on_demand):
            start = {"version": version} | initial.get(key, {})
            view.form = step.form_for(case=case, actor=actor, initial=start)
            _narrow(key, view.form, case=case, ask=ask)
        views[key] = view
    return views


def step_url(page: str, step: Step) -> str:
    """The step's route: the case page's with the step's slug (`cases/urls.py`), made without a
    reverse lookup for each of the page's steps."""
    return f"{page}{step.slug}/"


def involvable(case: Case) -> list:
    """The partners of the case's region that may be brought into the case now (from what the
    page has read: the participations and the case's organisations)."""
    taking_part = case_participations(case)
    region = case.company.region
    return [
        organisation
        for organisation in case_organisations(case)
        if organisation.region == region
        and organisation.kind in INVOLVABLE
        and organisation.pk not in taking_part
    ]


def documents_offer(views: dict[str, StepView], events) -> None:
    """A step that records an uploaded document (the procedure's agreement, recognition and
    pre-approval steps: a field `document` and the document `kinds` it takes) offers the case's
    current documents of those kinds, newest first, read from the log the page loaded
    (`document.uploaded` events) rather than by a query per form. The form still checks the
    choice against its own queryset when it is sent."""
    forms = [
        view.form
        for view in views.values()
        if view and view.form is not None and not view.form.is_bound
        if "document" in view.form.fields
    ]
    if not forms:
        return
    uploaded = [event for event in events if event.type == EventType.DOCUMENT_UPLOADED]
    replaced = {event.data.get("replaces") for event in uploaded}
    current = [event for event in reversed(uploaded) if event.data["document"] not in replaced]
    for form in forms:
        field = form.fields["document"]
        names = dict(field.queryset.model._meta.get_field("kind").flatchoices)
        field.widget.choices = [("", field.empty_label or "")] + [
            (
                event.data["document"],
                f"{names.get(event.data['kind'], event.data['kind'])} · "
                f"{event.at:%d.%m.%Y} · {event.data['sha256'][:8]}",
            )
            for event in current
            if event.data["kind"] in getattr(form, "kinds", ())
        ]


def _narrow(key: str, form: StepForm, *, case: Case, ask: dict) -> None:
    """What the page offers where the form accepts more (the service says why the rest is not)."""
    if key == "assign_contact":
        form.offer("membership", form.fields["membership"].queryset)
    if key == "involve_partner":
        offered = involvable(case)
        form.offer("organisation", offered)
        form.fields["confirm"].help_text = " ".join(
            _("%(name)s will see %(parts)s.")
            % {"name": partner, "parts": will_see(kind=partner.kind)}
            for partner in offered
        )
    if key == "forward" and (problems := dossier_problems(case)):
        form.fields["text"].required = True  # (the service decides; the page says so beforehand)
        form.fields["text"].help_text = _("Not ready: %(gaps)s.") % {
            "gaps": ", ".join(problem_texts(problems))
        }
    if key == "submit" and not ask["choose_authority"]:
        del form.fields["choice"]  # no choice to state outside the region's window
    if key == "submit":
        found = chamber_for_company(company=case.company, on=clock.today(), row=False)
        if found is not None and found.organisation_key is not None:
            form.initial["chamber"] = found.organisation_key
            form.fields["chamber"].help_text = found.reason[text_language()]


# The case page's actions, grouped by what they do to the case; the primary step leads its group.
ACTION_GROUPS = (
    (
        "move",
        _("Move the case on"),
        (
            "submit",
            "choose_authority",
            "precheck",
            "forward",
            "return",
            "no_prospect",
            "request_forwarding",
            "accept_dossier",
            "reject_dossier",
            "request_consent",
            "decide_consent",
            "consent_confirm_deemed",  # the procedure's (§ 36 Abs. 2 S. 2 BeschV)
        ),
    ),
    # The steps of the procedure after the dossier's acceptance (lotse/procedure/steps.py,
    # registered from above): agreement (§ 81a Abs. 2 AufenthG), recognition (§ 14a BQFG),
    # consent (§ 39 AufenthG), pre-approval (§ 81a Abs. 3 Nr. 6), visa (§ 31a AufenthV).
    (
        "procedure",
        _("The procedure under § 81a AufenthG"),
        (
            "agreement_draft",
            "agreement_sign",
            "agreement_conclude",
            "recognition_apply",
            "recognition_confirm_receipt",
            "recognition_request_evidence",
            "recognition_receive_documents",
            "recognition_extend",
            "recognition_decide",
            "recognition_pass_on",
            "consent_ask_information",
            "preapproval_issue",
            "visa_request_appointment",
            "visa_book_appointment",
            "visa_apply",
            "visa_issue",
            "visa_refuse",
            "entry_report",
            "employment_report_end",
            "family_join",
        ),
    ),
    (
        "people",
        _("Contact persons and partners"),
        ("assign_contact", "involve_partner"),
    ),
    ("end", _("End the case"), ("withdraw", "procedure_refuse")),
)


def _offered(key: str, steps: dict[str, StepView], ask: dict, case: Case) -> bool:
    """Whether an allowed step has a place among the actions."""
    if key == "choose_authority":
        return not steps["submit"]  # the submit form states the choice itself
    if key == "precheck":
        return not ask["self_check"]  # a company's self-check sits with the pre-check
    if key == "involve_partner":
        form = steps[key].form  # its choices, else whether it would offer a partner
        if form is not None:
            return bool(form.fields["organisation"].widget.choices)
        left = region_partners_left(case)
        return left if left is not None else bool(involvable(case))
    return True


def action_groups(steps: dict[str, StepView], ask: dict, case: Case) -> list[tuple[str, str, list]]:
    """(key, title, step views) of each group with a step the actor may take, primary first."""
    groups = []
    for key, title, keys in ACTION_GROUPS:
        shown = [
            steps[name] for name in keys if steps.get(name) and _offered(name, steps, ask, case)
        ]
        shown.sort(key=lambda view: not view.primary)
        if shown or (key == "move" and ask["edit"]):
            groups.append((key, title, shown))
    return groups
