"""Why a file was refused, in the user's language: one message per `inspection.Refused` code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lotse.documents.inspection import Refused

MESSAGES = {
    "name_missing": _("The file has no name."),
    "name_too_long": _("The file name is longer than %(limit)s characters. Please shorten it."),
    "name_control_character": _(
        "The file name contains an invisible control character (%(codepoint)s). "
        "Please rename the file and upload it again."
    ),
    "empty": _("The file is empty."),
    "too_large": _("The file is larger than %(limit_mb)s MB. Please upload a smaller file."),
    "unsupported_type": _("Only PDF, JPEG and PNG files are accepted; this file is %(actual)s."),
    "type_mismatch": _(
        "The file is named or sent as %(extension)s (%(declared)s), but its content is "
        "%(actual)s. Please save it with the matching ending and upload it again."
    ),
    "pdf_password": _(
        "The PDF needs a password to open. Please upload it without password protection."
    ),
    "pdf_broken": _(
        "The PDF is damaged or incomplete and cannot be read. Please save or scan it again."
    ),
    "pdf_active_content": _(
        "The PDF contains scripts, actions or embedded files, which are not accepted. "
        "Please print it to a new PDF and upload that."
    ),
    "pdf_too_complex": _("The PDF is too complex to check. Please print it to a new PDF."),
    "image_broken": _("The image is damaged or incomplete and cannot be read."),
    "image_too_many_pixels": _(
        "The image has %(megapixels)s megapixels; at most %(limit)s are accepted. "
        "Please reduce its size."
    ),
    "malware": _("The malware check found a threat in the file. It was not stored."),
    "scan_failed": _(
        "The file could not be checked for malware just now. Nothing was stored; "
        "please try again later."
    ),
}


def message(refused: Refused) -> str:
    """The refusal in the active language, naming what the file really is where that helps."""
    return (
        str(MESSAGES[refused.code]) % refused.params
        if refused.params
        else str(MESSAGES[refused.code])
    )
