"""The input of each procedure step, as a Django form (the page posts it; the API's typed body is
checked by the same form, `cases/steps.py`)."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lotse.cases.personal import WORKER
from lotse.cases.step_forms import StepForm, reason_field
from lotse.documents.models import Document
from lotse.orgs.models import Organisation
from lotse.routing import get_region

CHOOSE = ("", _("— please choose —"))


class DocumentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Document) -> str:
        return f"{obj.get_kind_display()} · {obj.uploaded_at:%d.%m.%Y} · {obj.sha256[:8]}"


def _documents(form: StepForm, kinds, *, required: bool, label) -> DocumentField:
    return DocumentField(
        label=label,
        required=required,
        queryset=Document.objects.filter(
            case=form.case, kind__in=kinds, replaced_by__isnull=True, erased_at__isnull=True
        ).order_by("-uploaded_at"),
        empty_label=_("— please choose —"),
        help_text=_("Upload the document to the case first; it is recorded with its hash."),
    )


class DocumentStepForm(StepForm):
    """A step that records an uploaded document (`kinds`), required or not."""

    kinds: tuple[str, ...] = ()
    document_required = False
    document_label = _("Document")

    @classmethod
    def asks(cls) -> bool:
        return True  # the document's choice is added when the form is made

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"] = _documents(
            self, self.kinds, required=self.document_required, label=self.document_label
        )

    def arguments(self) -> dict:
        document = self.cleaned_data.get("document")
        return {"document": document.pk if document else None}


class AgreementDraftForm(DocumentStepForm):
    kinds = ("procedure_letter",)
    document_label = _("The agreement's letter (optional)")


class AgreementSignForm(DocumentStepForm):
    kinds = ("agreement_signed",)
    document_required = True
    document_label = _("The agreement, signed by your side (uploaded copy)")


class AgreementConcludeForm(StepForm):
    WORKER, EMPLOYER = "worker", "employer"
    fee_debtor = forms.ChoiceField(
        label=_("Who owes the fee (§ 47 Abs. 1 Nr. 15 AufenthV)?"),
        choices=[
            CHOOSE,
            (WORKER, _("The worker")),
            (EMPLOYER, _("The employer, by its declaration to take over the costs")),
        ],
    )

    def arguments(self) -> dict:
        return {"fee_debtor": self.cleaned_data["fee_debtor"]}


class RecognitionApplyForm(StepForm):
    occupation = forms.ChoiceField(label=_("German reference occupation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = get_region(self.case.company.region)
        language = "en" if translation.get_language() == "en" else "de"
        choices = [CHOOSE]
        for key, category in region.recognition_categories.items():
            options = [(key, category.label[language])]
            options += [(o.key, o.name[language]) for o in region.members(key)]
            choices.append((category.label[language], options))
        self.fields["occupation"].choices = choices

    def arguments(self) -> dict:
        return {"occupation": self.cleaned_data["occupation"]}


class RecognitionRecordForm(DocumentStepForm):
    """A step of the recognition: the body's note, and its notice where the authority records it
    on behalf of a body off the platform (the service requires it then)."""

    kinds = ("recognition_letter",)
    document_label = _("The recognition body's letter or notice")
    note = reason_field(_("Note (what the body asks for or says)"), required=False)

    def arguments(self) -> dict:
        return super().arguments() | {"note": self.cleaned_data["note"]}


class RecognitionDecideForm(RecognitionRecordForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            CHOOSE,
            ("full", _("Full equivalence")),
            ("partial", _("Partial equivalence with a compensation measure")),
            ("refused", _("Refused")),
        ],
    )
    measure = reason_field(_("Compensation measure (for a partial recognition)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "partial" and not data.get("measure", "").strip():
            self.add_error("measure", _("Please name the compensation measure (§ 11 BQFG)."))
        return data

    def arguments(self) -> dict:
        data = self.cleaned_data
        return super().arguments() | {"outcome": data["outcome"], "measure": data["measure"]}


class PassOnForm(StepForm):
    about = forms.TypedChoiceField(label=_("Letter of the recognition body"), coerce=int)

    def __init__(self, *args, **kwargs):
        from lotse.procedure.guards import letters_to_pass_on

        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [
            (event.seq, f"{event.label} · {event.at:%d.%m.%Y}")
            for event in letters_to_pass_on(self.case)
        ]

    def arguments(self) -> dict:
        return {"about": self.cleaned_data["about"]}


class QuestionsForm(StepForm):
    text = reason_field(_("What information is missing?"), required=True)

    def arguments(self) -> dict:
        return {"questions": self.cleaned_data["text"]}


class ConsentDeemedForm(StepForm):
    """The authority confirms the deemed consent only knowing that no answer of the agency
    reached it outside the platform (§ 36 Abs. 2 S. 2 BeschV)."""

    no_answer_elsewhere = forms.BooleanField(
        label=_(
            "No answer and no request for information of the Federal Employment Agency reached "
            "us outside the platform within its week"
        ),
        help_text=_(
            "§ 36 Abs. 2 S. 2 BeschV: in the accelerated procedure (§ 81a AufenthG) the consent "
            "counts as given when the agency has not answered within one week. If it answered "
            "elsewhere, ask it to record its answer on the platform instead."
        ),
        required=True,
        error_messages={
            "required": _(
                "Please confirm that no answer of the Federal Employment Agency reached you "
                "outside the platform; otherwise its answer is recorded, not a deemed consent."
            )
        },
    )


class ReasonsForm(StepForm):
    text = reason_field(_("Reasons"), required=True)

    def arguments(self) -> dict:
        return {"reasons": self.cleaned_data["text"]}


def person_choices(case) -> list[tuple[str, str]]:
    worker = " ".join(filter(None, [case.worker_first_name, case.worker_last_name]))
    choices = [(WORKER, _("The worker %(name)s") % {"name": worker} if worker else _("The worker"))]
    choices += [(str(member.pk), str(member)) for member in case.family.all()]
    return choices


class PersonForm(StepForm):
    """A step for one person: the worker or a family member (§ 81a Abs. 4 AufenthG)."""

    person = forms.ChoiceField(label=_("Person"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = person_choices(self.case)

    def arguments(self) -> dict:
        return {"person": self.cleaned_data["person"]}


class PreapprovalForm(PersonForm, DocumentStepForm):
    kinds = ("procedure_letter",)
    document_label = _("The pre-approval's letter (optional)")

    def arguments(self) -> dict:
        return PersonForm.arguments(self) | DocumentStepForm.arguments(self)


class VisaForm(PersonForm):
    date = forms.DateField(label=_("Date"), required=False)

    def arguments(self) -> dict:
        return super().arguments() | {"date": self.cleaned_data["date"]}


class VisaRefusedForm(VisaForm):
    text = reason_field(_("Reasons the embassy gave (optional)"), required=False)

    def arguments(self) -> dict:
        return super().arguments() | {"reason": self.cleaned_data["text"]}


class CounsellingForm(StepForm):
    member = forms.ChoiceField(label=_("Family member"))
    service = forms.ChoiceField(
        label=_("Career counselling"),
        choices=[
            CHOOSE,
            ("agency", _("Agentur für Arbeit, career counselling (§§ 29 ff. SGB III)")),
            ("jobcenter", _("Jobcenter, where the family draws benefits under SGB II")),
        ],
    )
    consent = forms.BooleanField(
        label=_(
            "The family member consented to the referral and to the counselling service seeing "
            "their name, qualification and career wishes."
        ),
        required=True,
        error_messages={
            "required": _(
                "A referral needs the family member's consent: please confirm that it was given."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        from lotse.procedure.guards import members_to_refer

        super().__init__(*args, **kwargs)
        waiting = set(members_to_refer(self.case))
        self.fields["member"].choices = [CHOOSE] + [
            (str(m.pk), str(m)) for m in self.case.family.all() if str(m.pk) in waiting
        ]

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"member": data["member"], "service": data["service"], "consent": data["consent"]}


class EmploymentEndForm(StepForm):
    date = forms.DateField(label=_("Last day of the employment"))
    text = reason_field(_("Reason (optional)"), required=False)

    def arguments(self) -> dict:
        return {"date": self.cleaned_data["date"], "reason": self.cleaned_data["text"]}


class MessageForm(StepForm):
    to = forms.ModelChoiceField(
        label=_("To"),
        queryset=Organisation.objects.all(),
        to_field_name="key",
        empty_label=_("— please choose —"),
        help_text=_("A message between partners is internal: the company does not see it."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = reason_field(_("Message"), required=True)

    def __init__(self, *args, **kwargs):
        from lotse.procedure.services import recipients

        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in recipients(self.case, self.actor)]
        )

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"to": data["to"], "subject": data["subject"], "text": data["text"]}
