"""The case page shows amounts and dates as the page's language writes them."""

import pytest
from django.urls import reverse

from lotse.cases.models import Case


@pytest.mark.parametrize(
    ("language", "salary", "birth"),
    [("de", "42.000\u00a0€", "02.11.1990"), ("en", "€42,000", "2 Nov 1990")],
)
def test_case_page_formats_salary_and_dates_per_language(client, cast, language, salary, birth):
    case = Case.objects.get(worker_last_name="Jovanović")
    assert str(case.job_salary_eur) == "42000.00"
    client.force_login(cast("company_hr").user)
    client.cookies["django_language"] = language
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert salary in page
    assert birth in page
    assert "42000" not in page and "42.000,00" not in page
