"""Production settings: the demo never reaches them, `check --deploy` is clean, debug is refused,
HTTPS and the proxy header as configured; the CSP forbids inline script and style everywhere."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lotse.demo.cast import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "lotse.settings.prod",
    "DJANGO_SECRET_KEY": "k3y-U7qP!vR9#mZ2@xL5$wN8%tB4^hD6&jF1*gS0(cA3)eY7_uI9+oK2=pQ5",
    "DJANGO_ALLOWED_HOSTS": "lotse.example",
    "LOTSE_AUDIT_KEYS": "k1:" + "QUJD" * 11,
    "LOTSE_SEAL_KEY_FILE": "/nonexistent-lotse-dir/seal-key.pem",
    # No database is reachable: nothing here may need one (demo_load refuses before it connects).
    "DATABASE_URL": "sqlite:////nonexistent-lotse-dir/none.sqlite3",
}


def production(*args: str, **extra: str) -> subprocess.CompletedProcess:
    """Run Python under production settings (the environment of this run left out)."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LOTSE_", "DATABASE_"))
    }
    return subprocess.run(
        [sys.executable, *args],
        env=env | PRODUCTION | extra,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def setting(name: str, **extra: str):
    code = "import django; django.setup(); from django.conf import settings; "
    code += f"print(repr(getattr(settings, {name!r}, None)))"
    result = production("-c", code, **extra)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip())  # noqa: S307 — our own repr of a settings value


def test_check_deploy_is_clean_under_production_settings():
    result = production("manage.py", "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_debug_is_refused_under_production_settings():
    result = production("manage.py", "check", DJANGO_DEBUG="true")
    assert result.returncode != 0 and "DJANGO_DEBUG=true is refused" in result.stderr


def test_the_second_factor_cannot_be_switched_off_in_production():
    assert setting("LOTSE_REQUIRE_TOTP") is True
    result = production("manage.py", "check", LOTSE_REQUIRE_TOTP="false")
    assert result.returncode != 0 and "LOTSE_REQUIRE_TOTP=false is refused" in result.stderr


def test_the_demo_audit_keys_are_refused_in_production():
    result = production("manage.py", "check", LOTSE_AUDIT_KEYS="")
    assert result.returncode != 0 and "LOTSE_AUDIT_KEYS must be set in production" in result.stderr
    result = production("manage.py", "check", LOTSE_SEAL_KEY_FILE="")
    assert result.returncode != 0 and "LOTSE_SEAL_KEY_FILE must be set" in result.stderr


def test_the_audit_keys_are_read_by_id_and_a_malformed_one_is_named():
    keys = "old:" + "QUJD" * 11 + ",new:" + "REVG" * 11
    assert setting("LOTSE_AUDIT_KEY_ID", LOTSE_AUDIT_KEYS=keys, LOTSE_AUDIT_KEY_ID="old") == "old"
    assert sorted(setting("LOTSE_AUDIT_KEYS", LOTSE_AUDIT_KEYS=keys)) == ["new", "old"]
    short = production("manage.py", "check", LOTSE_AUDIT_KEYS="k1:QUJD")
    assert short.returncode != 0 and "shorter than 32 bytes" in short.stderr
    unknown = production("manage.py", "check", LOTSE_AUDIT_KEY_ID="k9")
    assert unknown.returncode != 0 and "'k9' is not in LOTSE_AUDIT_KEYS" in unknown.stderr


def test_https_is_on_by_default_and_configurable():
    assert setting("SECURE_SSL_REDIRECT") is True
    assert setting("SECURE_HSTS_SECONDS") >= 31536000
    assert setting("SECURE_SSL_REDIRECT", LOTSE_SSL_REDIRECT="false") is False
    assert setting("SECURE_HSTS_SECONDS", LOTSE_HSTS_SECONDS="0") == 0


def test_the_proxy_ssl_header_is_believed_only_when_configured():
    assert setting("SECURE_PROXY_SSL_HEADER") is None
    configured = setting("SECURE_PROXY_SSL_HEADER", LOTSE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert configured == ("HTTP_X_FORWARDED_PROTO", "https")


def test_demo_load_refuses_under_production_settings():
    result = production("manage.py", "demo_load")
    assert result.returncode != 0
    assert "never enters production" in result.stderr and "region_load" in result.stderr


def test_production_refuses_the_published_demo_password_as_a_new_password(settings):
    from django.contrib.auth.password_validation import validate_password

    settings.AUTH_PASSWORD_VALIDATORS = setting("AUTH_PASSWORD_VALIDATORS")
    with pytest.raises(ValidationError) as refused:
        validate_password(DEMO_PASSWORD)
    assert "password_published" in [error.code for error in refused.value.error_list]


def test_production_refuses_a_login_with_the_published_password(client, cast, settings):
    settings.LOTSE_PRODUCTION = True
    email = cast("company_hr").user.email
    page = client.post(reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD})
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    assert "veröffentlicht" in page.content.decode()
    admin = client.post(
        reverse("admin:login"),
        {"username": cast("platform_admin").user.email, "password": DEMO_PASSWORD},
    )
    assert "_auth_user_id" not in client.session and admin.status_code == 200


def test_the_demo_password_is_among_the_published(db):
    from lotse.accounts.passwords import is_published

    assert is_published(DEMO_PASSWORD)


def test_every_page_carries_a_csp_without_inline_script_or_style(client, cast):
    client.force_login(cast("company_hr").user)
    response = client.get(reverse("cases:list"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.content.decode()
    assert '<meta name="htmx-config"' in html and '"includeIndicatorStyles":false' in html


TEMPLATES = sorted((ROOT / "lotse").rglob("templates/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_no_template_has_inline_script_style_or_hx_on(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\sstyle=", text) and "<style" not in text, "inline style"
    assert not re.search(r"hx-on|javascript:", text), "hx-on or a javascript: link"
