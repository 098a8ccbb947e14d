"""`audit verify` replays the participants, the tracks and the next step, and names the first
disagreement of the stored rows with the log."""

import os
import subprocess
import sys

from lotse.cases.audit import audit_verify
from lotse.cases.models import NextStep, Participant, Track
from lotse.orgs.models import Organisation


def _problems(case) -> list[str]:
    _checked, broken = audit_verify()
    return [link.problem for link in broken if link.case_id == case.pk]


def test_a_removed_participant_is_named(story):
    case = story("Nguyễn")
    added = case.events.get(type="participant.added", payload__organisation="hwk-hannover")
    Participant.objects.filter(case=case, organisation__key="hwk-hannover").delete()
    _checked, broken = audit_verify()
    assert [(link.reference, link.seq) for link in broken] == [(case.reference, added.seq)]
    assert broken[0].problem == "participant hwk-hannover: in the log, missing from the case"


def test_a_participant_behind_the_log_or_with_another_role_is_named(story):
    case = story("Nguyễn")
    Participant.objects.filter(case=case, organisation__key="jobcenter-region").update(
        role="authority"
    )
    assert _problems(case) == [
        "participant jobcenter-region: stored role 'authority', log says 'contact'"
    ]
    other = story("Raman")
    region_authority = Organisation.objects.get(key="abh-region")
    Participant.objects.create(
        case=other,
        organisation=region_authority,
        role="authority",
        case_created_at=other.created_at,
    )
    assert _problems(other) == ["participant abh-region: on the case, not in the log"]


def test_a_changed_track_is_named(story):
    case = story("Kaya")
    Track.objects.filter(case=case, kind="consent").update(state="given")
    assert _problems(case) == ["track consent: stored 'given', log says 'requested'"]


def test_a_track_missing_or_without_a_log_is_named(story):
    case = story("Kaya")
    Track.objects.filter(case=case).delete()
    assert _problems(case) == ["track consent: log says 'requested', missing from the case"]
    other = story("Nguyễn")
    Track.objects.create(case=other, kind="consent", state="given", since=other.created_at, seq=1)
    assert _problems(other) == ["track consent: stored 'given', not in the log"]


def test_a_changed_next_step_is_named(story, cast):
    case = story("Raman")
    NextStep.objects.filter(case=case).update(contact=cast("ihk_lead"))
    assert _problems(case) == [
        f"next step: stored contact_id '{cast('ihk_lead').pk}', derived '{cast('ihk_adviser').pk}'"
    ]
    NextStep.objects.filter(case=case).delete()
    assert _problems(case) == ["next step: missing from the case"]


def test_lotse_audit_verify_names_a_removed_participant_and_a_changed_track(tmp_path):
    """`python -m lotse audit verify` against a file database of the demo, changed behind the log."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "lotse.settings.test",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "demo_load"], env=env, check=True, capture_output=True
    )
    tamper = (
        "import django;django.setup();from lotse.cases.models import Case, Participant, Track;"
        "baker=Case.objects.get(worker_last_name='Nguyễn');"
        "Participant.objects.filter(case=baker,organisation__key='hwk-hannover').delete();"
        "city=Case.objects.get(worker_last_name='Kaya');"
        "Track.objects.filter(case=city).update(state='given');"
        "print(baker.reference, city.reference)"
    )
    out = subprocess.run(
        [sys.executable, "-c", tamper], env=env, check=True, capture_output=True, text=True
    )
    baker, city = out.stdout.split()[-2:]
    run = subprocess.run(
        [sys.executable, "-m", "lotse", "audit", "verify"], env=env, capture_output=True, text=True
    )
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert any(
        f"BROKEN case {baker}" in line
        and "participant hwk-hannover: in the log, missing from the case" in line
        for line in lines
    ), run.stderr
    assert any(
        f"BROKEN case {city}" in line
        and "track consent: stored 'given', log says 'requested'" in line
        for line in lines
    ), run.stderr
