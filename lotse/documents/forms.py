from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.documents.kinds import PRECHECK_LABELS

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
    """The worker's upload through the link: which document, its language, the file."""

    kind = forms.ChoiceField(
        label=_("Which document is it?"), choices=list(PRECHECK_LABELS.items())
    )
    language = forms.ChoiceField(label=_("Language of the document"), choices=DOCUMENT_LANGUAGES)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most %(size)s MB.") % {"size": 20},
    )
