"""The answer of a guard: allowed, or refused with a code (and facts for the message)."""

from dataclasses import dataclass, field

from django.db import models

from lotse.core.errors import worded


@dataclass(frozen=True)
class Decision:
    allowed: bool
    code: models.TextChoices | None = None
    details: dict = field(default_factory=dict)

    @classmethod
    def yes(cls) -> "Decision":
        return cls(True)

    @classmethod
    def no(cls, code: models.TextChoices, **details: object) -> "Decision":
        return cls(False, code, dict(details))

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def message(self) -> str:
        return worded(self.code, self.details) if self.code is not None else ""
