"""Authority and chamber staff confirm their login with a one-time code (TOTP)."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotse.demo.cast import DEMO_PASSWORD


@pytest.fixture(autouse=True)
def require_totp(settings):
    settings.LOTSE_REQUIRE_TOTP = True


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + steps_ahead * device.step
    return f"{generator.token():06d}"


def log_in(client, email):
    client.post(reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD})


def test_first_login_sets_up_the_app_then_later_logins_ask_for_a_code(client, cast):
    email = cast("ihk_adviser").user.email
    log_in(client, email)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302 and reverse("accounts:otp_setup") in response["Location"]
    setup = client.get(response["Location"])
    assert "<svg" in setup.content.decode() and setup.context["secret"]
    device = TOTPDevice.objects.get(user=cast("ihk_adviser").user)
    for _attempt in range(3):  # three wrong codes: the device then waits four seconds
        wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000", "next": "/cases/"})
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    assert wrong.status_code == 200 and "token" in wrong.context["form"].errors
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now())
    waiting = client.post(reverse("accounts:otp_setup"), {"token": code(device)})
    assert "wait" in str(waiting.context["form"].errors) or "warten" in str(
        waiting.context["form"].errors
    )
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    confirmed = client.post(
        reverse("accounts:otp_setup"), {"token": code(device), "next": "/cases/"}
    )
    assert confirmed.status_code == 302 and confirmed["Location"] == "/cases/"
    assert client.get(reverse("cases:list")).status_code == 200

    client.post(reverse("accounts:logout"))
    log_in(client, email)
    prompt = client.get(reverse("cases:list"))
    assert reverse("accounts:otp_verify") in prompt["Location"]
    device.refresh_from_db()
    client.post(reverse("accounts:otp_verify"), {"token": code(device, steps_ahead=1)})
    assert client.get(reverse("cases:list")).status_code == 200


def test_api_asks_for_the_code_in_its_envelope(client, cast):
    log_in(client, cast("zentralstelle_caseworker").user.email)
    response = client.get("/api/v1/cases")
    assert response.status_code == 401 and response.json()["code"] == "second_factor_required"


def test_a_companys_people_log_in_with_the_password_alone(client, cast):
    log_in(client, cast("company_hr").user.email)
    assert client.get(reverse("cases:list")).status_code == 200


@pytest.mark.parametrize("key", ["welcome_adviser", "jobcenter_employer_service", "aa_caseworker"])
def test_every_partners_staff_needs_the_second_factor(client, cast, key):
    """The Welcome Center was left out before: its people read dossiers with a password alone."""
    log_in(client, cast(key).user.email)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302 and reverse("accounts:otp_setup") in response["Location"]


def test_the_platform_administrator_needs_the_second_factor_for_the_admin(client, cast):
    log_in(client, cast("platform_admin").user.email)
    response = client.get("/admin/")
    assert response.status_code == 302 and reverse("accounts:otp_setup") in response["Location"]


def test_production_settings_ask_for_the_second_factor():
    import os
    import subprocess
    import sys

    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "lotse.settings.prod",
        "DJANGO_SECRET_KEY": "x" * 60,
        "LOTSE_AUDIT_KEYS": "k1:" + "QUJD" * 11,
        "LOTSE_SEAL_KEY_FILE": "/nonexistent-lotse-dir/seal-key.pem",
    }
    env.pop("LOTSE_REQUIRE_TOTP", None)
    script = "from django.conf import settings; import django; django.setup(); "
    script += "print(settings.LOTSE_REQUIRE_TOTP)"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


def test_a_malformed_code_is_named_at_the_field(client, cast):
    log_in(client, cast("hwk_adviser").user.email)
    response = client.post(reverse("accounts:otp_setup"), {"token": "12ab"})
    assert response.context["form"].errors["token"] == ["Der Code hat sechs Ziffern."]
