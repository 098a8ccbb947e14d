"""Plausibility warnings on the intake: values that are possible but look like a slip.

They never block saving a draft; they block submission until the company confirms that it has
checked them (`case_submit(..., warnings_confirmed=True)`, the checkbox on the page, the API's
`confirm_warnings`). The limits are plausibility limits, not statutory ones: a salary of 0 € or
above 1,000,000 €, a worker under 16 on the start date, a qualification obtained before the age
of 14, a start date in the past, a workplace outside the region (where the region's routing data
names no competent authority, § 71 Abs. 1 AufenthG with § 31 Abs. 4 AufenthV).

The rules are pure functions of the values (and of the day and the routing facts passed in);
`case_warnings` gathers the facts of one case and asks them all.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from lotse.cases.validators import age_on
from lotse.core import clock
from lotse.orgs.models import OUTSIDE_REGION, Municipality
from lotse.routing import get_region
from lotse.routing.services import agreement_authority_for

SALARY_HIGH = Decimal("1000000")
WORKER_MIN_AGE = 16
QUALIFICATION_MIN_AGE = 14


@dataclass(frozen=True)
class PlausibilityWarning:
    """One warning: a stable code, the intake field it concerns, and its message."""

    code: str
    field: str
    message: str


def salary_warning(salary: Decimal | None) -> PlausibilityWarning | None:
    if salary is None:
        return None
    if salary == 0:
        return PlausibilityWarning(
            "salary_zero", "job_salary_eur", _("The annual gross salary is 0 €.")
        )
    if salary > SALARY_HIGH:
        return PlausibilityWarning(
            "salary_high",
            "job_salary_eur",
            _("The annual gross salary is above 1,000,000 €: please check the amount."),
        )
    return None


def worker_age_warning(
    birth_date: datetime.date | None, start_date: datetime.date | None
) -> PlausibilityWarning | None:
    if birth_date is None or start_date is None or birth_date > start_date:
        return None
    age = age_on(birth_date, start_date)
    if age >= WORKER_MIN_AGE:
        return None
    return PlausibilityWarning(
        "worker_young",
        "worker_birth_date",
        _("The worker would be %(age)d years old on the start date (younger than 16).")
        % {"age": age},
    )


def qualification_age_warning(
    birth_date: datetime.date | None, obtained: datetime.date | None
) -> PlausibilityWarning | None:
    if birth_date is None or obtained is None:
        return None
    if obtained >= birth_date and age_on(birth_date, obtained) >= QUALIFICATION_MIN_AGE:
        return None
    return PlausibilityWarning(
        "qualification_early",
        "qualification_date",
        _("The qualification would have been obtained before the age of 14."),
    )


def start_date_warning(
    start_date: datetime.date | None, today: datetime.date
) -> PlausibilityWarning | None:
    if start_date is None or start_date >= today:
        return None
    return PlausibilityWarning(
        "start_past", "job_start_date", _("The start date lies in the past.")
    )


def workplace_warning(
    *, outside: bool, postcode: str, region: str, consequence: str
) -> PlausibilityWarning | None:
    """`outside`: the workplace was given as outside the region, or its postcode is none of the
    region's. `consequence` is what routing then says (the competent authority, or none)."""
    if not outside:
        return None
    where = (
        _("The workplace (postcode %(postcode)s) lies outside the %(region)s.")
        % {"postcode": postcode, "region": region}
        if postcode
        else _("The workplace lies outside the %(region)s.") % {"region": region}
    )
    return PlausibilityWarning(
        "workplace_outside",
        "workplace_postcode",
        " ".join(
            part
            for part in (
                where,
                _(
                    "The authority is competent by the place of work, so the partners of this "
                    "region cannot take the case on to an authority of their own."
                ),
                consequence,
            )
            if part
        ),
    )


def warnings_for(
    *,
    salary: Decimal | None,
    birth_date: datetime.date | None,
    qualification_date: datetime.date | None,
    start_date: datetime.date | None,
    today: datetime.date,
    workplace_outside: bool = False,
    workplace_postcode: str = "",
    region: str = "",
    consequence: str = "",
) -> list[PlausibilityWarning]:
    """Every warning the values give, in the order of the intake."""
    found = [
        worker_age_warning(birth_date, start_date),
        qualification_age_warning(birth_date, qualification_date),
        salary_warning(salary),
        start_date_warning(start_date, today),
        workplace_warning(
            outside=workplace_outside,
            postcode=workplace_postcode,
            region=region,
            consequence=consequence,
        ),
    ]
    return [warning for warning in found if warning is not None]


def case_warnings(case) -> list[PlausibilityWarning]:
    """The warnings of a case today: its values, the clock and the region's routing data."""
    today = clock.today()
    outside = _workplace_outside(case)
    region = get_region(case.company.region).name if outside else ""
    consequence = ""
    if outside:
        reason = agreement_authority_for(case=case, on=today).reason
        consequence = reason.get("en" if translation.get_language() == "en" else "de", "")
    return warnings_for(
        salary=case.job_salary_eur,
        birth_date=case.worker_birth_date,
        qualification_date=case.qualification_date,
        start_date=case.job_start_date,
        today=today,
        workplace_outside=outside,
        workplace_postcode=case.workplace_postcode,
        region=region,
        consequence=consequence,
    )


def _workplace_outside(case) -> bool:
    """Outside when chosen so, or when no municipality of the region lists the postcode (and
    none of the region's was chosen instead)."""
    if case.workplace_municipality == OUTSIDE_REGION:
        return True
    if not case.workplace_postcode or case.workplace_municipality:
        return False
    places = Municipality.objects.filter(region=case.company.region).values_list(
        "postcodes", flat=True
    )
    return not any(case.workplace_postcode in (postcodes or []) for postcodes in places)


def unconfirmed_messages(warnings: list[PlausibilityWarning]) -> list[str]:
    """What submission says while warnings are not confirmed: the request, then each warning."""
    return [
        _("Please check these values and confirm that they are right:"),
        *(warning.message for warning in warnings),
    ]
