"""The input of each step on a case, as a Django form: the page posts it, the API's typed body
is checked by the same form, so both refuse the same input with the same field messages (a NUL
character in a text among them: `forms.CharField` refuses it, PostgreSQL would not store it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.cases.forms import AuthorityChoiceForm, FamilyMemberForm
from lotse.cases.models import Case
from lotse.cases.need_to_know import will_see
from lotse.cases.plausibility import case_warnings
from lotse.cases.prechecks import latest_assessment
from lotse.core import clock
from lotse.orgs.models import Membership, Organisation, OrgKind
from lotse.orgs.selectors import chambers
from lotse.routing.services import authority_choice_last, authority_choice_window

REASON_MAX = 4000


class StepForm(forms.Form):
    """Every step names the case version it was chosen on (a hidden field on the page)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": _("The case's version is missing: please reload the page."),
            "invalid": _("The case's version is not valid: please reload the page."),
        },
    )

    def __init__(self, data=None, *, case: Case, actor: Membership | None, key: str, **kwargs):
        kwargs.setdefault("auto_id", f"{key}-%s")  # several step forms share one page
        super().__init__(data, **kwargs)
        self.case, self.actor = case, actor

    @classmethod
    def asks(cls) -> bool:
        """Whether the form has a field to fill in beside the hidden version (read from the
        class, so the page need not build a form it does not show)."""
        return any(not field.widget.is_hidden for field in cls.base_fields.values())

    def arguments(self) -> dict:
        """The service's keyword arguments from the cleaned input."""
        return {}

    def offer(self, name: str, choices) -> bool:
        """Show the page these choices of field `name` (read once, not per rendering); the form
        still accepts what its queryset holds. False when there is nothing to choose."""
        field = self.fields[name]
        field.widget.choices = [
            (field.prepare_value(obj), field.label_from_instance(obj)) for obj in choices
        ]
        return bool(field.widget.choices)


def reason_field(label, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SubmitForm(StepForm, AuthorityChoiceForm):
    chamber = forms.ModelChoiceField(
        label=_("Chamber for the pre-check"),
        empty_label=_("— please choose —"),
        queryset=Organisation.objects.none(),
        to_field_name="key",
        help_text=_("Craft trades go to the Handwerkskammer (HWK), all other trades to the IHK."),
    )

    confirm_warnings = forms.BooleanField(
        label=_("I have checked these values and they are right."), required=False
    )

    field_order = ["chamber", "choice", "confirm_warnings"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chamber"].queryset = chambers(region=self.case.company.region)
        window = authority_choice_window(region=self.case.company.region, on=clock.today())
        self.ask(window)
        # stated only while the region offers a choice; the service says when one is missing
        self.fields["choice"].required = False
        if window is None:  # nothing to choose today: no empty list on the page
            self.fields["choice"].widget = forms.HiddenInput()
        # the plausibility warnings are listed at the checkbox (the service checks them again)
        self.warnings = case_warnings(self.case)
        if self.warnings:
            self.fields["confirm_warnings"].help_text = " ".join(
                warning.message for warning in self.warnings
            )
        else:
            self.fields["confirm_warnings"].widget = forms.HiddenInput()

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "chamber": data["chamber"],
            "authority_choice": data.get("choice") or "",
            "warnings_confirmed": bool(data.get("confirm_warnings")),
        }


class WithdrawForm(StepForm):
    text = reason_field(_("Why is the case withdrawn? (optional)"), required=False)

    def arguments(self) -> dict:
        return {"reason": self.cleaned_data["text"]}


class ReturnForm(StepForm):
    text = reason_field(_("What is missing?"), required=True)

    def arguments(self) -> dict:
        return {"missing": self.cleaned_data["text"]}


class AnswerReturnForm(StepForm):
    text = reason_field(_("Your answer to the chamber"), required=True)

    def arguments(self) -> dict:
        return {"text": self.cleaned_data["text"]}


class ForwardForm(StepForm):
    """The chamber forwards; a dossier not current and complete goes only with a stated reason."""

    text = reason_field(
        _("Reason for forwarding nevertheless (only if the dossier is not complete)"),
        required=False,
    )

    def arguments(self) -> dict:
        return {"reason": self.cleaned_data["text"]}


class NoProspectForm(StepForm):
    text = reason_field(
        _("Why has the case no prospect of success (with the legal reason)?"), required=True
    )

    def arguments(self) -> dict:
        stored = latest_assessment(case=self.case)
        if stored is not None:
            stored = {
                key: value for key, value in stored.items() if key not in ("at", "self_check")
            }
        return {"reasons": self.cleaned_data["text"], "assessment": stored}


class RequestForwardingForm(StepForm):
    text = reason_field(_("Note to the chamber (optional)"), required=False)

    def arguments(self) -> dict:
        return {"note": self.cleaned_data["text"]}


class ChooseAuthorityForm(StepForm, AuthorityChoiceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.case.company.region
        # outside the window the options still read, so that the guard refuses in the region's words
        window = authority_choice_window(region=region, on=clock.today())
        self.ask(window or authority_choice_last(region=region))
        self.initial.setdefault("choice", self.case.authority_choice)

    def arguments(self) -> dict:
        return {"choice": self.cleaned_data["choice"]}


class DecideConsentForm(StepForm):
    """The agency's answer to a request for consent: given or refused, a refusal with its reason."""

    GIVEN, REFUSED = "given", "refused"

    decision = forms.ChoiceField(
        label=_("Decision of the Federal Employment Agency"),
        choices=[
            ("", _("— please choose —")),
            (GIVEN, _("Consent given")),
            (REFUSED, _("Consent refused")),
        ],
    )
    text = reason_field(_("Reason for the refusal"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _("Required when consent is refused.")

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REFUSED and not data.get("text", "").strip():
            self.add_error("text", _("Please state the reason for the refusal."))
        return data

    def arguments(self) -> dict:
        return {
            "given": self.cleaned_data["decision"] == self.GIVEN,
            "reason": self.cleaned_data["text"],
        }


class ColleagueField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return str(obj.user)  # all of one organisation: the name says it


class AssignContactForm(StepForm):
    membership = ColleagueField(
        label=_("Contact person of your organisation"),
        queryset=Membership.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Please choose a person of your organisation.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.actor is not None:
            self.fields["membership"].queryset = Membership.objects.filter(
                organisation_id=self.actor.organisation_id, active=True
            ).select_related("user")

    def arguments(self) -> dict:
        return {"membership": self.cleaned_data["membership"]}


class InvolvePartnerForm(StepForm):
    """Bringing a partner in asks for confirmation, naming what the partner will see (need to
    know, `cases/need_to_know.py`): it sees the case from then on."""

    organisation = forms.ModelChoiceField(
        label=_("Involve a partner"),
        # any partner validates here; the service says which may take part (one refusal code
        # for page and API)
        queryset=Organisation.objects.exclude(kind=OrgKind.COMPANY),
        to_field_name="key",
        empty_label=None,
        error_messages={"invalid_choice": _("Please choose a partner organisation.")},
    )
    confirm = forms.BooleanField(
        label=_("I confirm that the chosen partner takes part and sees what its part needs."),
        required=False,
    )

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        if organisation is not None and not data.get("confirm"):
            self.add_error(
                "confirm",
                _("Please confirm: %(name)s will see %(parts)s.")
                % {"name": organisation, "parts": will_see(kind=organisation.kind)},
            )
        return data

    def arguments(self) -> dict:
        return {"organisation": self.cleaned_data["organisation"]}


class FamilyAddForm(StepForm, FamilyMemberForm):
    def arguments(self) -> dict:
        return {"data": {name: self.cleaned_data[name] for name in FamilyMemberForm.Meta.fields}}


class FamilyRemoveForm(StepForm):
    member = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This family member is not (or no longer) listed.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = self.case.family.all()

    def arguments(self) -> dict:
        return {"member": self.cleaned_data["member"]}
