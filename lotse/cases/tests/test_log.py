"""The event log: rebuilt states, hash chains, and `audit verify` naming the first broken link."""

import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from lotse.cases.audit import audit_verify
from lotse.cases.log import chain_verify
from lotse.cases.models import Case, CaseEvent
from lotse.cases.states import replay


def test_each_demo_case_state_rebuilds_from_its_events_alone(db):
    cases = list(Case.objects.all())
    assert len(cases) >= 7
    for case in cases:
        types = list(case.events.order_by("seq").values_list("type", flat=True))
        assert replay(types) == case.state, case.reference


def test_every_demo_chain_holds(db):
    checked, broken = audit_verify()
    assert checked == Case.objects.count()
    assert broken == []
    call_command("audit_verify")


def test_changing_one_stored_event_breaks_the_chain_and_audit_names_it(story, capsys):
    case = story("Kaya")
    victim = case.events.get(seq=3)
    CaseEvent.objects.filter(pk=victim.pk).update(payload={**victim.payload, "tampered": True})
    checked, broken = audit_verify()
    assert [(link.reference, link.seq) for link in broken] == [(case.reference, 3)]
    assert "content does not match" in broken[0].problem
    with pytest.raises(CommandError):
        call_command("audit_verify")
    err = capsys.readouterr().err
    assert f"BROKEN case {case.reference}" in err and "event 3" in err


def test_a_deleted_event_in_the_middle_is_named(story):
    case = story("Nguyễn")
    case.events.filter(seq=2).delete()
    found = chain_verify(case.events.order_by("seq"))
    assert found == (2, "is missing")


def test_events_are_never_updated_by_services(story, cast):
    from lotse.cases.prechecks import case_run_precheck

    case = story("Raman")
    before = list(case.events.order_by("seq").values_list("pk", "hash"))
    case_run_precheck(case=case, actor=cast("ihk_adviser"))
    after = list(case.events.order_by("seq").values_list("pk", "hash"))
    assert after[: len(before)] == before and len(after) == len(before) + 1


def test_lotse_audit_verify_command_line_fails_on_a_broken_chain(tmp_path):
    """`python -m lotse audit verify` against a file database with one tampered event."""
    import os

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite3'}",
        "LOTSE_SEAL_DIR": str(tmp_path / "seals"),
        "DJANGO_SETTINGS_MODULE": "lotse.settings.test",
        "LOTSE_SEAL_KEY_FILE": str(tmp_path / "seal-key.pem"),
    }
    (tmp_path / "seal-key.pem").write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    run = [sys.executable, "-m", "lotse"]
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "demo_load"], env=env, check=True, capture_output=True
    )
    sealed = subprocess.run([*run, "audit", "seal"], env=env, capture_output=True, text=True)
    assert sealed.returncode == 0, sealed.stderr
    assert sealed.stdout.startswith("Seal 1: ")
    ok = subprocess.run([*run, "audit", "verify"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "OK:" in ok.stdout and "against seal 1" in ok.stdout
    tamper = (
        "import django;django.setup();from lotse.cases.models import CaseEvent as E;"
        "e=E.objects.filter(seq=2).order_by('at').first();"
        "E.objects.filter(pk=e.pk).update(type='case.withdrawn');print(e.case.reference)"
    )
    # Another case's intake column changed behind the log.
    behind = (
        "import django;django.setup();from lotse.cases.models import Case;"
        "c=Case.objects.get(worker_last_name='Jovanović');"
        "Case.objects.filter(pk=c.pk).update(worker_passport_number='U0000000');print(c.reference)"
    )
    changed = subprocess.run(
        [sys.executable, "-c", behind], env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    reference = (
        subprocess.run(
            [sys.executable, "-c", tamper], env=env, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    bad = subprocess.run([*run, "audit", "verify"], env=env, capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"BROKEN case {reference}" in bad.stderr and "event 2" in bad.stderr
    assert f"BROKEN case {changed}" in bad.stderr
    assert "column worker_passport_number differs from the log" in bad.stderr


def test_every_read_of_a_case_by_a_person_is_recorded(login, story, cast):
    from django.urls import reverse

    from lotse.cases.models import CaseAccess

    case = story("Kaya")
    client = login("abh_city_caseworker")
    client.get(reverse("cases:detail", args=[case.pk]))
    client.get(f"/api/v1/cases/{case.pk}")
    client.get(f"/api/v1/cases/{case.pk}/events")
    reads = CaseAccess.objects.filter(case=case, user=cast("abh_city_caseworker").user)
    assert list(reads.order_by("at").values_list("action", flat=True)) == [
        "page",
        "api.case",
        "api.events",
    ]
    assert {read.organisation.key for read in reads} == {"abh-lhh"}
    hidden = story("Nguyễn")
    client.get(reverse("cases:detail", args=[hidden.pk]))
    assert not CaseAccess.objects.filter(
        case=hidden, user=cast("abh_city_caseworker").user
    ).exists()


def test_a_log_cut_short_at_its_end_is_named(story):
    case = story("Nair")
    last = case.events.order_by("-seq").first()
    CaseEvent.objects.filter(pk=last.pk).delete()
    checked, broken = audit_verify()
    assert [(link.reference, link.seq) for link in broken] == [(case.reference, last.seq)]
    assert "ends before its recorded head" in broken[0].problem


def test_a_state_changed_behind_the_log_is_named(story):
    case = story("Raman")
    Case.objects.filter(pk=case.pk).update(state="forwarded")
    _checked, broken = audit_verify()
    assert [link.reference for link in broken] == [case.reference]
    assert "stored state" in broken[0].problem


def test_the_read_log_names_the_organisation_that_gives_the_access(client, cast):
    """A person in two organisations, acting for one that has no part in the case, reads it
    through the other: the log names that other one, not the active one."""
    from django.urls import reverse

    from lotse.cases.models import Case, CaseAccess
    from lotse.orgs.middleware import SESSION_KEY

    lead = cast("welcome_lead")  # also a member of the Jobcenter
    jobcenter = lead.user.memberships.get(organisation__key="jobcenter-region")
    case = (
        Case.objects.filter(participants__organisation=jobcenter.organisation)
        .exclude(participants__organisation=lead.organisation)
        .first()
    )
    assert case is not None
    client.force_login(lead.user)
    session = client.session
    session[SESSION_KEY] = str(lead.pk)  # acting for the Welcome Center
    session.save()
    client.get(reverse("cases:detail", args=[case.pk]))
    client.get(f"/api/v1/cases/{case.pk}")
    reads = CaseAccess.objects.filter(case=case, user=lead.user)
    assert reads.count() == 2
    assert {read.organisation_id for read in reads} == {jobcenter.organisation_id}
