"""The page frame: region name from the region's data, favicon, error pages, the administration's
names, and `bin/start`'s port option."""

import subprocess
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "lotse" / "templates"


def test_no_frame_template_names_the_region():
    for name in ("base.html", "accounts/login.html", "500.html"):
        assert "Hannover" not in (TEMPLATES / name).read_text(), name


def test_pages_name_the_region_from_its_data_in_the_pages_language(client):
    german = client.get(reverse("accounts:login")).content.decode()
    assert "Region Hannover" in german
    client.cookies["django_language"] = "en"
    english = client.get(reverse("accounts:login")).content.decode()
    assert "Hannover Region" in english and 'lang="en"' in english


def test_every_page_links_the_favicon_and_the_confirm_script(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'rel="icon" href="/static/lotse/favicon.svg"' in page
    assert finders.find("lotse/favicon.svg") and finders.find("lotse/confirm.js")
    assert '<script src="/static/lotse/confirm.js" defer>' in page


def test_not_found_page_in_both_languages(client, cast):
    client.force_login(cast("company_hr").user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Nicht gefunden" in response.content.decode()
    client.cookies["django_language"] = "en"
    assert "Not found" in client.get("/no-such-page/").content.decode()


def test_server_error_page_renders_without_the_request_context():
    with translation.override("de"):
        response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Etwas ist schiefgegangen" in page and "kern-alert--danger" in page


def test_the_administration_names_every_app_in_german(client, db):
    from lotse.accounts.models import User

    client.force_login(User.objects.get(email="admin@lotse.example"))
    page = client.get("/admin/").content.decode()
    assert "Anmeldeschutz" in page and "Lotse-Verwaltung" in page
    for raw in (">Axes<", ">Core<", "OTP_TOTP", "Website-Verwaltung"):
        assert raw not in page, raw


def test_totp_devices_have_a_translated_name():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with translation.override("de"):
        assert str(TOTPDevice._meta.verbose_name_plural) == "Authenticator-Apps"
        assert str(TOTPDevice._meta.app_config.verbose_name) == "Zweiter Faktor"


def test_bin_start_refuses_a_bad_port_before_starting_anything():
    for args in (["--port", "abc"], ["--port", "70000"], ["--bogus"]):
        done = subprocess.run(
            ["bash", str(ROOT / "bin" / "start"), *args], capture_output=True, text=True, timeout=30
        )
        assert done.returncode == 2, args
        assert "bin/start" in done.stderr


def test_bin_start_port_sets_the_mail_links_base_unless_set(monkeypatch):
    monkeypatch.delenv("LOTSE_BASE_URL", raising=False)
    start = ["bash", str(ROOT / "bin" / "start")]
    done = subprocess.run([*start, "--port", "8001", "--check"], capture_output=True, text=True)
    assert done.stdout.strip() == "port=8001 LOTSE_BASE_URL=http://127.0.0.1:8001"
    monkeypatch.setenv("LOTSE_BASE_URL", "https://lotse.example")
    done = subprocess.run([*start, "--port", "8001", "--check"], capture_output=True, text=True)
    assert done.stdout.strip() == "port=8001 LOTSE_BASE_URL=https://lotse.example"
