"""Field checks shared by the form, the API and the services (run by `Model.full_clean`)."""

import datetime
from typing import get_args

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from lotse.core import clock
from lotse.precheck.model import GermanLevel

# The CEFR levels, defined once: by the pre-check's input model, which the intake feeds.
CEFR_LEVELS: tuple[str, ...] = get_args(GermanLevel)


def not_in_future(value: datetime.date) -> None:
    if value > clock.today():
        raise ValidationError(_("This date lies in the future."), code="future")
    if value.year < 1900:
        raise ValidationError(_("Please check the year."), code="too_old")


def languages(value) -> None:
    """A list of {"language": ISO 639 code, "level": CEFR level}."""
    if not isinstance(value, list):
        raise ValidationError(_("Languages must be a list."), code="language")
    for entry in value:
        if not isinstance(entry, dict):
            raise ValidationError(_("Each language needs a code and a level."), code="language")
        code = str(entry.get("language", ""))
        if not (2 <= len(code) <= 3 and code.isalpha() and code.islower()):
            raise ValidationError(
                _("A language is given by its two- or three-letter code, such as de or en."),
                code="language",
            )
        if set(entry) - {"language", "level"}:
            raise ValidationError(_("Each language needs a code and a level."), code="language")
        if entry.get("level") not in CEFR_LEVELS:
            raise ValidationError(
                _("The level must be one of %(levels)s."),
                params={"levels": ", ".join(CEFR_LEVELS)},
                code="language",
            )


def no_nul_characters(instance) -> None:
    """Name each text field of `instance` that holds a NUL character: PostgreSQL stores none.
    Forms and the API's schemas refuse it before; this holds for every other caller of a service."""
    errors = {
        field.name: ValidationError(
            ProhibitNullCharactersValidator.message, code="null_characters_not_allowed"
        )
        for field in instance._meta.concrete_fields
        if "\x00" in str(getattr(instance, field.attname, "") or "")
    }
    if errors:
        raise ValidationError(errors)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years of life on `day` (a 29 February birthday counts from 1 March in common
    years, §§ 187 Abs. 2, 188 Abs. 2 BGB)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
