"""Every step on a case, declared once: its service, guard, input (a form for the page and for
the API's body, a typed schema for the API's documentation), its button and what it says when done.

The page's POST routes (`cases/urls.py`), the API's operations (`cases/api.py`) and the case page's
buttons (`cases/views/pages.py`) are made from this table, so a step cannot be on one and not the
other. A step of an app above `cases` (forwarding) is declared there and registered here from its
`AppConfig.ready()`: `cases` imports nothing above it.

Every step names the case version it was chosen on; `case_step` refuses an older one under the
case's row lock, so two people acting on the same state cannot both succeed unnoticed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.cases import guards, services
from lotse.cases import step_forms as forms
from lotse.cases.errors import CaseError
from lotse.cases.models import Case, CaseContact, FamilyMember, Participant, ParticipantRole
from lotse.cases.need_to_know import will_see
from lotse.cases.prechecks import case_run_precheck, storable
from lotse.cases.schemas import (
    AnswerReturnIn,
    AssessmentOut,
    AssignContactIn,
    ChooseAuthorityIn,
    DecideConsentIn,
    FamilyAddIn,
    FamilyRemoveIn,
    InvolvePartnerIn,
    NoProspectIn,
    RequestForwardingIn,
    ReturnIn,
    StepIn,
    SubmitIn,
    WithdrawIn,
)
from lotse.cases.selectors import case_version
from lotse.cases.tracks import TrackState
from lotse.core.errors import DomainError
from lotse.orgs.models import Membership


def _no_facts(case: Case, result: Any, form: forms.StepForm) -> dict:
    return {}


@dataclass(frozen=True)
class Step:
    """One step on a case. `done` is the success message; its placeholders are filled by
    `facts(case, result, form)` (the case after the step, the service's return value, the step's
    valid form). `confirm` wraps the page's form in a disclosure that names it."""

    key: str
    summary: str  # the API operation's title (the API documentation is English)
    label: Promise
    service: Callable
    guard: Callable
    form: type[forms.StepForm]
    schema: type
    done: Promise
    facts: Callable[[Case, Any, forms.StepForm], dict] = _no_facts
    confirm: Promise | None = None
    style: str = ""  # "primary" or "danger" for the page's button
    # the API's answer when not the case with the message (status, schema, maker)
    answer: tuple[int, type, Callable[[Any], Any]] | None = None
    tags: list[str] = field(default_factory=lambda: ["steps"])
    # the step takes files: the page's form is multipart, the API's body multipart/form-data
    files: bool = False

    @property
    def slug(self) -> str:
        """The step's part of the page URL and the API path (`/cases/<id>/<slug>`)."""
        return self.key.replace("_", "-")

    def form_for(self, data=None, *, case: Case, actor: Membership | None, **kwargs):
        return self.form(data, case=case, actor=actor, key=self.key, **kwargs)


STEPS: dict[str, Step] = {}


def step_register(step: Step) -> Step:
    """Add a step to the table (once per key: a second declaration is a mistake)."""
    if step.key in STEPS:
        raise ValueError(f"step {step.key!r} is declared twice")
    STEPS[step.key] = step
    return step


def allowed_steps(*, case: Case, actor: Membership | None) -> list[str]:
    """The keys of the steps `actor` may take on `case` now, each guard asked once."""
    return [key for key, step in STEPS.items() if step.guard(case=case, actor=actor)]


@transaction.atomic
def case_step(*, case: Case, actor: Membership | None, version: int, run: Callable) -> Any:
    """Run one step's service on `case` if the case is still at `version`; otherwise refuse with
    `case_changed` and where the case stands now. The row lock taken here is held until the
    service's (nested) transaction commits, so the check and the step see the same case."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    current = case_version(case=locked)
    if version != current:
        raise DomainError(
            CaseError.CASE_CHANGED, current={"version": current, "state": locked.state}
        )
    return run(case=locked, actor=actor)


@dataclass
class Outcome:
    case: Case
    result: Any
    message: str


def step_perform(
    step: Step,
    *,
    case: Case,
    actor: Membership | None,
    data,
    files=None,
    oversize: set[str] = frozenset(),
) -> Outcome:
    """Check `data` (and `files`) with the step's form, run the step at the version it names and
    say what happened. Raises ValidationError (naming each field) or DomainError (the guard's
    code). `oversize` names file fields the upload handler stopped for their size."""
    form = step.form_for(data, case=case, actor=actor, files=files)
    valid = form.is_valid()
    if oversize and hasattr(form, "refuse_oversize"):
        form.refuse_oversize(oversize)
        valid = False
    if not valid:
        raise ValidationError(form.errors.as_data())
    arguments = form.arguments()
    result = case_step(
        case=case,
        actor=actor,
        version=form.cleaned_data["version"],
        run=lambda **context: step.service(**context, **arguments),
    )
    case = Case.objects.select_related("company", "chamber").get(pk=case.pk)
    message = str(step.done) % step.facts(case, result, form)
    return Outcome(case=case, result=result, message=message)


def _name(field: str):
    """The facts of a step that names what its form's `field` chose (a chamber, a person)."""
    return lambda case, result, form: {"name": str(form.cleaned_data[field])}


def _contact_facts(case: Case, result: CaseContact, form: forms.StepForm) -> dict:
    return {"person": str(result.membership.user), "organisation": str(result.organisation)}


def _member_facts(case: Case, result: FamilyMember, form: forms.StepForm) -> dict:
    return {"name": str(result)}


def _partner_facts(case: Case, result: Participant, form: forms.StepForm) -> dict:
    return {"name": str(result.organisation), "parts": will_see(kind=result.organisation.kind)}


def _consent_facts(case: Case, result: Any, form: forms.StepForm) -> dict:
    agency = case.participants.filter(role=ParticipantRole.EMPLOYMENT_AGENCY).select_related(
        "organisation"
    )
    first = agency.first()
    return {"name": str(first.organisation) if first else ""}


def _decision_facts(case: Case, result: Any, form: forms.StepForm) -> dict:
    given = form.cleaned_data["decision"] == forms.DecideConsentForm.GIVEN
    return {"decision": str((TrackState.GIVEN if given else TrackState.REFUSED).label)}


def _choice_facts(case: Case, result: Any, form: forms.StepForm) -> dict:
    """The chosen option as the form names it (the region's options, not a model's choices)."""
    choice = form.cleaned_data["choice"]
    return {"choice": str(dict(form.fields["choice"].choices).get(choice, choice))}


for _step in (
    Step(
        key="submit",
        summary="Submit the case to a chamber for the pre-check",
        label=_("Submit to the chamber"),
        service=services.case_submit,
        guard=guards.case_can_submit,
        form=forms.SubmitForm,
        schema=SubmitIn,
        done=_("Submitted to %(name)s for the pre-check."),
        facts=_name("chamber"),
        style="primary",
    ),
    Step(
        key="withdraw",
        summary="Withdraw the case",
        label=_("Withdraw the case for good"),
        service=services.case_withdraw,
        guard=guards.case_can_withdraw,
        form=forms.WithdrawForm,
        schema=WithdrawIn,
        done=_("The case was withdrawn."),
        confirm=_("Withdraw case …"),
        style="danger",
    ),
    Step(
        key="return",
        summary="Return the case to the company for completion",
        label=_("Return for completion"),
        service=services.case_return,
        guard=guards.case_can_return,
        form=forms.ReturnForm,
        schema=ReturnIn,
        done=_("The case was returned to the company for completion."),
    ),
    Step(
        key="answer_return",
        summary="Answer the chamber's return for completion",
        label=_("Answer the chamber"),
        service=services.case_answer_return,
        guard=guards.case_can_answer_return,
        form=forms.AnswerReturnForm,
        schema=AnswerReturnIn,
        done=_("Your answer was sent to the chamber."),
    ),
    Step(
        key="no_prospect",
        summary="Advise that the case has no prospect of success",
        label=_("Advise: no prospect of success"),
        service=services.case_advise_no_prospect,
        guard=guards.case_can_advise_no_prospect,
        form=forms.NoProspectForm,
        schema=NoProspectIn,
        done=_("Your advice that the case has no prospect of success was recorded."),
    ),
    Step(
        key="request_forwarding",
        summary="Ask the chamber to forward the case nevertheless",
        label=_("Ask for forwarding nevertheless"),
        service=services.case_request_forwarding,
        guard=guards.case_can_request_forwarding,
        form=forms.RequestForwardingForm,
        schema=RequestForwardingIn,
        done=_("The chamber was asked to forward the case nevertheless."),
    ),
    Step(
        key="choose_authority",
        summary="State the employer's choice of authority",
        label=_("Save choice"),
        service=services.case_choose_authority,
        guard=guards.case_can_choose_authority,
        form=forms.ChooseAuthorityForm,
        schema=ChooseAuthorityIn,
        done=_("The choice of authority was saved: %(choice)s."),
        facts=_choice_facts,
    ),
    Step(
        key="request_consent",
        summary="Request the consent of the Federal Employment Agency",
        label=_("Request consent of the Federal Employment Agency"),
        service=services.case_request_consent,
        guard=guards.case_can_request_consent,
        form=forms.StepForm,
        schema=StepIn,
        done=_("The consent of %(name)s was requested; it takes part in the case now."),
        facts=_consent_facts,
    ),
    Step(
        key="decide_consent",
        summary="Give or refuse the consent of the Federal Employment Agency",
        label=_("Record the decision on consent"),
        service=services.case_decide_consent,
        guard=guards.case_can_decide_consent,
        form=forms.DecideConsentForm,
        schema=DecideConsentIn,
        # Translators: %(decision)s is "given" or "refused" (the consent track's state)
        done=_("Consent %(decision)s."),
        facts=_decision_facts,
        style="primary",
    ),
    Step(
        key="assign_contact",
        summary="Name your organisation's contact person for the case",
        label=_("Hand over"),
        service=services.case_contact_assign,
        guard=guards.case_can_assign_contact,
        form=forms.AssignContactForm,
        schema=AssignContactIn,
        done=_("%(person)s is now the contact person of %(organisation)s for this case."),
        facts=_contact_facts,
    ),
    Step(
        key="involve_partner",
        summary="Bring a partner organisation into the case",
        label=_("Involve"),
        service=services.case_involve_partner,
        guard=guards.case_can_involve_partner,
        form=forms.InvolvePartnerForm,
        schema=InvolvePartnerIn,
        done=_(
            "%(name)s takes part in the case now; its contact person was named. It sees %(parts)s."
        ),
        facts=_partner_facts,
        confirm=_("Involve a partner …"),
    ),
    Step(
        key="precheck",
        summary="Run the pre-check (chamber) or the self-check (company)",
        label=_("Run the pre-check"),
        service=case_run_precheck,
        guard=guards.case_can_run_precheck,
        form=forms.StepForm,
        schema=StepIn,
        done=_("The pre-check was run; its result is shown below."),
        style="primary",
        answer=(201, AssessmentOut, storable),
        tags=["precheck"],
    ),
    Step(
        key="family_add",
        summary="Add a family member coming along",
        label=_("Add"),
        service=services.family_member_add,
        guard=guards.case_can_edit,
        form=forms.FamilyAddForm,
        schema=FamilyAddIn,
        done=_("%(name)s was added as a family member coming along."),
        facts=_member_facts,
    ),
    Step(
        key="family_remove",
        summary="Remove a family member",
        label=_("Remove"),
        service=services.family_member_remove,
        guard=guards.case_can_edit,
        form=forms.FamilyRemoveForm,
        schema=FamilyRemoveIn,
        done=_("%(name)s was removed from the family members coming along."),
        facts=_name("member"),
    ),
):
    step_register(_step)
