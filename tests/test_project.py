"""Project hygiene: migrations match the models; the demo command prints the logins."""

from io import StringIO

from django.core.management import call_command


def test_migrations_match_the_models(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_demo_load_prints_every_cast_login(db):
    out = StringIO()
    call_command("demo_load", stdout=out)
    text = out.getvalue()
    for key in ("company_hr", "ihk_adviser", "zentralstelle_caseworker", "platform_admin"):
        assert key in text
    assert "lotse-demo-2026" in text
