from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentError(models.TextChoices):
    # Worded per refusal from `refusals.py` (the details carry its German and English text).
    REFUSED = "upload_refused", _("The file was not accepted.")
    NOT_YOURS = "not_your_upload", _("You cannot add documents to this case.")
    WRONG_KIND = "wrong_document_kind", _("Please choose what the document is.")
    FAMILY_MEMBER_NEEDED = (
        "family_member_needed",
        _("Please choose the family member this document belongs to."),
    )
    NOT_OF_THIS_CASE = "not_of_this_case", _("That belongs to another case.")
    TRANSLATION_NEEDS_ORIGINAL = (
        "translation_needs_original",
        _("Please choose the document this translation is of."),
    )
    BAD_EMAIL = "bad_email", _("Please enter a valid e-mail address.")
    TITLE_NOT_POSSIBLE = (
        "title_not_possible",
        _("This residence title is not open for the case according to its pre-check."),
    )
