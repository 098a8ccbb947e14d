from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import FamilyMember
from lotse.cases.step_forms import StepForm
from lotse.core import clock
from lotse.documents.kinds import FAMILY_LABELS, PRECHECK_LABELS, TRANSLATION, DocumentKind
from lotse.documents.models import Document, UploadLink

# The languages a worker's documents come in most often; "other" still tells the checklist that
# a translation is needed.
DOCUMENT_LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("hi", _("Hindi")),
    ("pt", _("Portuguese")),
    ("ru", _("Russian")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("vi", _("Vietnamese")),
    ("other", _("another language")),
]


class LinkUploadForm(forms.Form):
    """The worker's upload through the link: which document, its language, the file; where family
    members come along, whose document it is; a translation names the document it translates."""

    kind = forms.ChoiceField(
        label=_("Which document is it?"), choices=list(PRECHECK_LABELS.items())
    )
    family_member = forms.ModelChoiceField(
        label=_("Whose document is it?"),
        queryset=FamilyMember.objects.none(),
        required=False,
        empty_label=_("mine"),
    )
    translation_of = forms.ModelChoiceField(
        label=_("Translation of (for a translation)"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("— not a translation —"),
    )
    language = forms.ChoiceField(label=_("Language of the document"), choices=DOCUMENT_LANGUAGES)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = size_help()
        family = case.family.all() if case is not None else FamilyMember.objects.none()
        originals = (
            Document.objects.filter(case=case, replaced_by__isnull=True).exclude(kind=TRANSLATION)
            if case is not None
            else Document.objects.none()
        )
        choices = list(PRECHECK_LABELS.items())
        if family.exists():
            choices += list(FAMILY_LABELS.items())
            self.fields["family_member"].queryset = family
        else:
            del self.fields["family_member"]
        if originals.exists():
            choices.append((TRANSLATION, DocumentKind(TRANSLATION).label))
            self.fields["translation_of"].queryset = originals
        else:
            del self.fields["translation_of"]
        self.fields["kind"].choices = choices


class LinkAnswerForm(forms.Form):
    """The worker's answer to the chamber's return for completion."""

    text = forms.CharField(
        label=_("Your message to the chamber"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UploadDocumentForm(StepForm):
    """A document added on the case page or through the API: which one, its language, the file;
    a family member's document names the member, a translation the document it translates."""

    kind = forms.ChoiceField(label=_("Which document is it?"), choices=DocumentKind.choices)
    language = forms.ChoiceField(label=_("Language of the document"), choices=DOCUMENT_LANGUAGES)
    family_member = forms.ModelChoiceField(
        label=_("Family member (for a family member's document)"),
        queryset=FamilyMember.objects.none(),
        required=False,
        empty_label=_("— the worker —"),
    )
    translation_of = forms.ModelChoiceField(
        label=_("Translation of (for a translation)"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("— not a translation —"),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from lotse.documents.checklist import current_documents

        self.fields["family_member"].queryset = self.case.family.all()
        self.fields["translation_of"].queryset = Document.objects.filter(
            case=self.case, replaced_by__isnull=True
        ).exclude(kind=TRANSLATION)
        self.fields["file"].help_text = size_help()
        if not self.is_bound:  # the page offers what the case's reads hold (no further query)
            self.offer("family_member", list(self.case.family.all()))
            self.offer(
                "translation_of",
                [d for d in current_documents(self.case) if d.kind != TRANSLATION],
            )

    def refuse_oversize(self, names) -> None:
        if "file" in names:
            self.add_error("file", too_large_message())

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "language": data["language"],
            "family_member": data["family_member"],
            "translation_of": data["translation_of"],
            "upload": data["file"],
        }


class SendLinkForm(StepForm):
    email = forms.EmailField(
        label=_("The worker's e-mail address"),
        help_text=_(
            "The mail holds the link and your company's name, nothing else. The link is valid "
            "for %(days)s days and can be revoked."
        )
        % {"days": settings.LOTSE_UPLOAD_LINK_DAYS},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("email", self.case.worker_email)

    def arguments(self) -> dict:
        return {"email": self.cleaned_data["email"]}


class RevokeLinkForm(StepForm):
    link = forms.ModelChoiceField(
        label=_("Link"), queryset=UploadLink.objects.none(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # any link of the case is accepted (the guard says why one is not usable); the page
        # offers the usable ones
        from lotse.documents.links import case_links

        self.fields["link"].queryset = UploadLink.objects.filter(case=self.case)
        self.fields["link"].label_from_instance = link_label
        if not self.is_bound:
            now = clock.now()
            self.offer("link", [link for link in case_links(self.case) if link.usable(now)])

    def arguments(self) -> dict:
        return {"link": self.cleaned_data["link"]}


def link_label(link: UploadLink) -> str:
    return _("sent to %(email)s, valid until %(date)s") % {
        "email": link.email,
        "date": date_format(timezone.localtime(link.expires_at), "SHORT_DATE_FORMAT"),
    }


class TargetTitleForm(StepForm):
    pathway = forms.ChoiceField(label=_("Residence title applied for"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from lotse.documents.checklist import case_checklist, pathway_label

        checklist = case_checklist(case=self.case)
        self.fields["pathway"].choices = [(p, pathway_label(p)) for p in checklist.possible]
        if checklist.target:
            self.initial.setdefault("pathway", checklist.target)

    def arguments(self) -> dict:
        return {"pathway": self.cleaned_data["pathway"]}


def size_help() -> str:
    return _("PDF, JPEG or PNG, at most %(size)s MB.") % {
        "size": settings.LOTSE_UPLOAD_MAX_BYTES // (1024 * 1024)
    }


def too_large_message() -> str:
    from lotse.documents.inspection import Refused
    from lotse.documents.services import refused_error

    limit = settings.LOTSE_UPLOAD_MAX_BYTES // (1024 * 1024)
    return refused_error(Refused("too_large", limit_mb=limit)).message
