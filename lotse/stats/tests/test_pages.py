"""The dashboard by who reads it, its filters, its charts and its exports."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lotse.stats.tables import TABLE_KEYS

DASHBOARD = reverse("stats:dashboard")


@pytest.mark.parametrize("key", ["company_hr", "company_lead", "other_company_hr"])
def test_companies_have_no_dashboard(login, key):
    assert login(key).get(DASHBOARD).status_code == 404
    assert login(key).get(reverse("stats:chart", args=["course"])).status_code == 404


def test_a_partner_reads_its_own_scope_only(login, cast, history):
    client = login("ihk_adviser")
    page = client.get(DASHBOARD, {"year": 2024})
    assert page.status_code == 200
    form = page.context["form"]
    assert list(dict(form.fields["partner"].choices)) == [str(cast("ihk_adviser").organisation_id)]
    # another partner's figures are not its to read: the filter refuses with a field message
    other = str(cast("zentralstelle_caseworker").organisation_id)
    refused = client.get(DASHBOARD, {"year": 2024, "partner": other})
    assert refused.context["form"].errors["partner"]
    assert refused.context["tables"][0].caption == page.context["tables"][0].caption


def test_leads_of_the_region_authorities_read_the_region_and_any_partner(login, cast, history):
    for key in ("abh_lead",):
        page = login(key).get(DASHBOARD, {"year": 2024, "partner": str(history.pk)})
        assert page.status_code == 200
        # partners only: the company of the hand-made log is not a partner to choose
        assert page.context["form"].errors["partner"]
        chamber = str(cast("ihk_adviser").organisation_id)
        page = login(key).get(DASHBOARD, {"year": 2024, "partner": chamber})
        assert not page.context["form"].errors
    # an adviser of the same authority reads its own organisation's only
    page = login("abh_region_caseworker").get(DASHBOARD)
    assert not page.context["viewer"].region


def test_the_platform_administrator_reads_aggregates(client, django_user_model, history):
    admin = django_user_model.objects.create_user(
        email="stats-admin@lotse.example", password="x", is_staff=True
    )
    client.force_login(admin)
    page = client.get(DASHBOARD, {"year": 2024})
    assert page.status_code == 200
    assert page.context["viewer"].region
    course = page.context["tables"][0]
    march = course.rows[2]
    assert march[4] >= 1  # withdrawn in March 2024: the hand-made case B at least


def test_each_term_is_defined_on_the_page_in_german_and_english(login, history):
    client = login("ihk_lead")
    german = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Was die Zahlen zählen" in german
    assert "Vorabzustimmung" in german


def test_chart_is_svg_and_its_table_is_beside_it(login, history):
    client = login("ihk_lead")
    page = client.get(DASHBOARD, {"year": 2024}).content.decode()
    assert page.count('class="lotse-stats-chart"') == len(TABLE_KEYS)
    chart = client.get(reverse("stats:chart", args=["course"]), {"year": 2024})
    assert chart["Content-Type"] == "image/svg+xml"
    assert chart.content.startswith(b"<?xml") and b"<svg" in chart.content
    assert client.get(reverse("stats:chart", args=["nothing"])).status_code == 404


def test_csv_and_xlsx_exports_carry_the_tables_numbers(login, cast, history):
    client = login("ihk_lead")
    scope = {"year": 2024}
    response = client.get(reverse("stats:export", args=["course", "csv"]), scope)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    page = client.get(DASHBOARD, scope).context["tables"][0]
    assert rows[0] == page.headers
    assert rows[1][1:] == [str(value) for value in page.rows[0][1:]]
    response = client.get(reverse("stats:export", args=["durations", "xlsx"]), scope)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    xml = "".join(workbook.read(name).decode() for name in workbook.namelist())
    assert "Median" in xml
    assert client.get(reverse("stats:export", args=["course", "pdfx"])).status_code == 404


def test_per_person_figures_are_off_by_default(login, settings, history):
    client = login("ihk_adviser")
    assert client.get(DASHBOARD).context["own_backlog"] is None
    settings.LOTSE_STATS_PER_PERSON = True
    assert client.get(DASHBOARD).context["own_backlog"] is not None


def test_the_yearly_report_is_a_pdf_with_the_charts_and_tables(login, history):
    response = login("ihk_lead").get(reverse("stats:report"), {"year": 2024})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Jahresbericht 2024" in text and "Median" in text
    assert login("company_hr").get(reverse("stats:report")).status_code == 404
