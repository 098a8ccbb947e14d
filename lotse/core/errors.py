"""The one domain error: a refusal with a code whose translated label is its message."""

from django.db import models


class DomainError(Exception):
    """A service refused: `code` is a TextChoices member, `details` are facts for the message."""

    def __init__(self, code: models.TextChoices, **details: object) -> None:
        self.code = code
        self.details = details
        super().__init__(str(code))

    @property
    def message(self) -> str:
        return str(self.code.label)
