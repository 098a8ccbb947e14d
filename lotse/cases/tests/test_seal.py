"""The keyed chain and its seals: `audit verify` names each way around a log in its own database
(a changed payload or user, a cut log with its head reset, a chain recomputed with or without the
key, a deleted case) against a seal whose signature verifies; tombstones, tampered seals and key
rotation."""

import base64
import datetime
import hashlib
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from lotse.cases import audit
from lotse.cases.audit import audit_report
from lotse.cases.log import GENESIS, stored_hash
from lotse.cases.models import Case, CaseEvent
from lotse.cases.sealing.check import seal_in_use
from lotse.cases.sealing.merkle import TreeHasher, leaf_hash, tree_root
from lotse.cases.sealing.seal import seal_create
from lotse.cases.sealing.signing import public_keys, signature_holds
from lotse.cases.sealing.store import leaves_read, tombstone_path
from lotse.cases.sealing.tombstones import case_remove
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.core.periodic import run_once

OTHER_KEY = base64.b64encode(b"k" * 32).decode()


@pytest.fixture
def admin(db):
    return get_user_model().objects.get(email="admin@lotse.example")


def findings(report):
    return [(link.reference, link.seq, link.problem) for link in report.broken]


def rechain(case, key: bytes, start: int = 1) -> None:
    """What someone holding `key` and the database does: rehash the chain from `start` on and
    reset the case's head."""
    prev = GENESIS
    for event in case.events.order_by("seq"):
        if event.seq >= start:
            event.prev_hash = prev
            event.hash = stored_hash(event, key)
            CaseEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=event.hash)
        prev = event.hash
    Case.objects.filter(pk=case.pk).update(log_head=prev)


# --- The tree -------------------------------------------------------------------------------------


def test_the_streamed_tree_hash_is_rfc_6962s_for_every_size():
    assert tree_root([]) == hashlib.sha256(b"").hexdigest()
    # RFC 6962's leaf hash of the empty string (the CT test vectors' first leaf).
    assert leaf_hash(b"").hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )
    leaves = [bytes([n]) * 3 for n in range(33)]
    for size in range(34):
        tree = TreeHasher()
        for leaf in leaves[:size]:
            tree.add(leaf)
        assert tree.root() == tree_root(leaves[:size]), size


# --- Seals ----------------------------------------------------------------------------------------


def test_a_seal_is_signed_lists_every_case_and_is_made_again_only_after_a_change(
    story, cast, seal_dir
):
    first = seal_create()
    assert first.number == 1 and first.tree_size == Case.objects.count()
    document = json.loads(first.path.read_text())
    assert signature_holds(document, public_keys())
    leaves = list(leaves_read(seal_dir / document["leaves"]["file"]))
    assert [leaf.case_id for leaf in leaves] == sorted(
        str(pk) for pk in Case.objects.values_list("pk", flat=True)
    )
    assert seal_create() is None  # nothing changed: no second seal
    from lotse.cases.prechecks import case_run_precheck

    case_run_precheck(case=story("Raman"), actor=cast("ihk_adviser"))
    second = seal_create()
    assert second.number == 2 and second.root != first.root
    previous = json.loads(second.path.read_text())["previous"]
    assert previous == {"number": 1, "sha256": hashlib.sha256(first.path.read_bytes()).hexdigest()}
    assert audit_report().seal == 2


def test_the_periodic_job_seals_when_due_and_after_a_change(story, cast, seal_dir, settings):
    def job() -> int:
        outcome = {o.name: o for o in run_once()}["cases.seal"]
        assert not outcome.error
        return outcome.result

    assert job() == 1 and (seal_dir / "seal-000001.json").exists()
    assert job() == 0  # nothing changed
    from lotse.cases.prechecks import case_run_precheck

    case_run_precheck(case=story("Raman"), actor=cast("ihk_adviser"))
    assert job() == 0  # changed, but the last seal is younger than LOTSE_SEAL_EVERY_MINUTES
    with clock.travel_to(clock.now() + datetime.timedelta(minutes=11)):
        assert job() == 2
        assert job() == 0
    assert json.loads((seal_dir / "seal-000002.json").read_text())["last_event"] == (
        CaseEvent.objects.order_by("-pk").first().pk
    )


def test_every_demo_case_verifies_against_its_seal(db):
    seal_create()
    report = audit_report()
    assert report.seal == 1 and report.checked == Case.objects.count()
    assert not report.failed


# --- Each finding, against a seal whose signature verifies ----------------------------------------


def test_a_changed_payload_is_named(story):
    case = story("Kaya")
    seal_create()
    victim = case.events.get(seq=2)
    CaseEvent.objects.filter(pk=victim.pk).update(payload={**victim.payload, "x": 1})
    report = audit_report()
    assert report.seal == 1
    assert findings(report) == [
        (
            case.reference,
            2,
            "its content does not match its hash (changed, or rehashed without the key)",
        )
    ]


def test_a_changed_user_is_named(story, cast):
    case = story("Kaya")
    seal_create()
    CaseEvent.objects.filter(case=case, seq=1).update(user=cast("abh_city_caseworker").user)
    assert findings(audit_report()) == [
        (
            case.reference,
            1,
            "its content does not match its hash (changed, or rehashed without the key)",
        )
    ]


def test_a_log_cut_short_with_its_head_reset_is_named(story):
    case = story("Nair")
    seal_create()
    last = case.events.order_by("-seq").first()
    before = case.events.get(seq=last.seq - 1)
    last.delete()
    Case.objects.filter(pk=case.pk).update(log_head=before.hash, log_seq=before.seq)
    report = audit_report()
    assert findings(report) == [
        (
            case.reference,
            last.seq,
            f"is missing: seal 1 holds the log up to event {last.seq}, it ends at event "
            f"{before.seq} (cut short, its head reset)",
        )
    ]


def test_a_chain_recomputed_without_the_key_is_named(story):
    case = story("Kaya")
    seal_create()
    CaseEvent.objects.filter(case=case, seq=2).update(payload={"changed": True})
    rechain(case, hashlib.sha256(b"a guessed key").digest(), start=2)
    broken = findings(audit_report())
    assert [(ref, seq) for ref, seq, _ in broken] == [(case.reference, 2)]
    assert "does not match its hash" in broken[0][2]


def test_a_chain_recomputed_with_the_key_is_named_by_the_seal(story, settings):
    """Someone with the database and the chain key: every hash holds, the head is reset; the
    sealed head is gone."""
    case = story("Kaya")
    seal_create()
    CaseEvent.objects.filter(case=case, seq=2).update(payload={"changed": True})
    rechain(case, settings.LOTSE_AUDIT_KEYS[settings.LOTSE_AUDIT_KEY_ID], start=2)
    sealed_seq = case.log_seq
    assert findings(audit_report()) == [
        (
            case.reference,
            sealed_seq,
            "differs from the head seal 1 holds (the chain was recomputed or changed up to here)",
        )
    ]


def test_a_deleted_case_is_named(story):
    case = story("Nguyễn")
    seal_create()
    Case.objects.filter(pk=case.pk).delete()
    report = audit_report()
    assert findings(report) == [
        (
            case.reference,
            case.log_seq,
            f"is missing from the database: seal 1 holds it up to event {case.log_seq}, and "
            "there is no tombstone",
        )
    ]
    assert report.checked == Case.objects.count()


def test_without_a_seal_the_chains_are_still_checked(story):
    case = story("Kaya")
    CaseEvent.objects.filter(case=case, seq=1).update(type="case.withdrawn")
    report = audit_report()
    assert report.seal is None
    assert [link.reference for link in report.broken] == [case.reference]


# --- Tombstones -----------------------------------------------------------------------------------


def test_a_case_removed_by_the_platform_administrator_leaves_a_tombstone(story, admin):
    case = story("Nguyễn")
    seal_create()
    path = case_remove(case=case, user=admin, reason="Ordered by the court")
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()
    report = audit_report()
    assert not report.failed, findings(report)
    assert [(link.reference, link.problem) for link in report.removed] == [
        (
            case.reference,
            f"removed on {json.loads(path.read_text())['time'][:10]} by "
            "admin@lotse.example: Ordered by the court",
        )
    ]
    second = json.loads(seal_create().path.read_text())
    assert [stone["case"] for stone in second["tombstones"]] == [str(case.pk)]
    assert audit_report().removed == []  # the new seal no longer holds the case


def test_only_the_platform_administrator_removes_a_case_and_with_a_reason(story, cast, admin):
    case = story("Nguyễn")
    with pytest.raises(DomainError):
        case_remove(case=case, user=cast("company_hr").user, reason="Weg damit")
    with pytest.raises(DomainError):
        case_remove(case=case, user=admin, reason="  ")
    assert Case.objects.filter(pk=case.pk).exists()
    assert not tombstone_path(case.pk).exists()


def test_a_forged_tombstone_does_not_explain_a_deleted_case(story):
    case = story("Nguyễn")
    seal_create()
    Case.objects.filter(pk=case.pk).delete()
    forger = Ed25519PrivateKey.generate()
    body = {
        "format": "lotse-tombstone/1",
        "case": str(case.pk),
        "seq": 99,
        "head": "",
        "key_id": next(iter(public_keys())),
    }
    raw = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    body["signature"] = base64.b64encode(forger.sign(raw)).decode()
    tombstone_path(case.pk).parent.mkdir(parents=True)
    tombstone_path(case.pk).write_text(json.dumps(body))
    assert findings(audit_report()) == [
        (
            case.reference,
            case.log_seq,
            "is missing from the database; its tombstone does not verify",
        )
    ]


# --- The seals themselves -------------------------------------------------------------------------


def test_a_tampered_seal_fails_its_signature_and_the_one_before_it_is_used(story, cast, seal_dir):
    from lotse.cases.prechecks import case_run_precheck

    seal_create()
    case_run_precheck(case=story("Raman"), actor=cast("ihk_adviser"))
    second = seal_create()
    document = json.loads(second.path.read_text())
    document["root"] = "0" * 64
    second.path.write_text(json.dumps(document))
    assert not signature_holds(document, public_keys())
    report = audit_report()
    assert report.seal == 1
    assert report.seal_problems == ["seal 2: its signature does not verify"]
    assert report.failed and report.broken == []


def test_a_seal_signed_with_an_unknown_key_does_not_verify(db, settings, tmp_path):
    seal_create()
    other = tmp_path / "other.pem"
    other.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    settings.LOTSE_SEAL_DEMO_KEY_FILE = str(other)
    found = seal_in_use()
    assert found.number is None
    assert found.problems == ["seal 1: its signature does not verify"]


def test_a_changed_leaves_file_is_named(db, seal_dir):
    made = seal_create()
    leaves = seal_dir / "seal-000001.leaves"
    lines = leaves.read_text().splitlines(keepends=True)
    leaves.write_text("".join(lines[1:]))  # a case taken out of the seal
    found = seal_in_use()
    assert found.number is None and made.number == 1
    assert found.problems == ["seal 1: its leaves do not give its signed root"]


def test_a_removed_earlier_seal_is_named_by_the_chain_of_seals(story, cast, seal_dir):
    from lotse.cases.prechecks import case_run_precheck

    seal_create()
    case_run_precheck(case=story("Raman"), actor=cast("ihk_adviser"))
    seal_create()
    (seal_dir / "seal-000001.json").unlink()
    report = audit_report()
    assert report.seal == 2 and report.seal_problems == ["seal 1, named by seal 2, is missing"]


def test_a_seal_is_never_overwritten(db, seal_dir):
    from lotse.cases.sealing.store import document_write, seal_path

    made = seal_create()
    before = made.path.read_bytes()
    with pytest.raises(FileExistsError):
        document_write(seal_path(1), {"root": "0" * 64})
    assert made.path.read_bytes() == before
    assert [p.name for p in seal_dir.iterdir() if p.name.startswith(".")] == []


# --- Keys -----------------------------------------------------------------------------------------


def test_after_a_key_rotation_old_events_verify_with_their_own_key(story, cast, settings):
    old = settings.LOTSE_AUDIT_KEY_ID
    settings.LOTSE_AUDIT_KEYS = {**settings.LOTSE_AUDIT_KEYS, "k2": base64.b64decode(OTHER_KEY)}
    settings.LOTSE_AUDIT_KEY_ID = "k2"
    from lotse.cases.prechecks import case_run_precheck

    case = story("Raman")
    case_run_precheck(case=case, actor=cast("ihk_adviser"))
    kids = list(case.events.order_by("seq").values_list("key_id", flat=True))
    assert kids[-1] == "k2" and set(kids[:-1]) == {old}
    seal_create()
    assert not audit_report().failed
    settings.LOTSE_AUDIT_KEYS = {"k2": base64.b64decode(OTHER_KEY)}
    broken = [link for link in audit_report().broken if link.reference == case.reference]
    assert broken[0].seq == 1
    assert broken[0].problem == f"was chained with key {old!r}, which is not configured"


# --- The command ----------------------------------------------------------------------------------


def test_the_command_seals_verifies_shows_progress_and_fails_on_a_finding(
    story, capsys, monkeypatch
):
    monkeypatch.setattr(audit, "PROGRESS_EVERY", 3)
    call_command("audit", "seal")
    call_command("audit", "verify")
    out = capsys.readouterr()
    assert "Seal 1:" in out.out and "against seal 1" in out.out
    assert "3 cases checked ..." in out.err and "6 cases checked ..." in out.err
    case = story("Nguyễn")
    Case.objects.filter(pk=case.pk).delete()
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert f"BROKEN case {case.reference}" in capsys.readouterr().err


def test_the_command_removes_a_case_for_the_platform_administrator(story, capsys):
    case = story("Nguyễn")
    call_command(
        "audit",
        "remove",
        case.reference,
        "--reason",
        "Gerichtsbeschluss",
        "--by",
        "admin@lotse.example",
    )
    assert not Case.objects.filter(pk=case.pk).exists()
    assert tombstone_path(case.pk).exists()
