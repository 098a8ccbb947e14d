"""The one domain error: a refusal with a code whose translated label is its message."""

from django.db import models
from django.utils import translation


def worded(code: models.TextChoices, details: dict) -> str:
    """The refusal's message: the code's translated label, unless the details carry the words of
    the data the refusal comes from (`text`, {de, en}, e.g. a region's own wording)."""
    text = details.get("text")
    if isinstance(text, dict) and text.get("de"):
        return text["en"] if translation.get_language() == "en" else text["de"]
    label = str(code.label)
    if "%(" in label:  # a label naming facts of the refusal (e.g. the gaps of a dossier)
        try:
            return label % details
        except (KeyError, TypeError, ValueError):
            pass
    return label


class DomainError(Exception):
    """A service refused: `code` is a TextChoices member, `details` are facts for the message."""

    def __init__(self, code: models.TextChoices, **details: object) -> None:
        self.code = code
        self.details = details
        super().__init__(str(code))

    @property
    def message(self) -> str:
        return worded(self.code, self.details)
