"""Memory of `audit verify` (and of `audit seal`) over many cases: bounded, whatever their number.

Fills a throw-away SQLite database in a temporary directory (or the database DATABASE_URL names;
its tables are migrated and the demo loaded first) with N copies of one case opened through the
services: each copy has its own id and reference, its chain rehashed with the chain key for that
id, and its personal values, participants, tracks and next step copied, so every check of
`audit verify` runs on it as on a real case. On PostgreSQL the copies are loaded by COPY (a million
in minutes), elsewhere through the ORM; a rerun fills only the copies missing. Then, in child
processes, `manage.py audit seal` and `manage.py audit verify` run over M cases (--small, default
N/10; 0 skips it) and again over N, each child reporting its own peak resident memory (VmHWM).
Bounded memory: the peak over N stays under the goal and close to the peak over M. `audit verify`
shows its progress and rate every 10,000 cases on stderr.

    python bench/audit.py [--n 20000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_x python bench/audit.py --n 1000000
"""

from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_MIB = 200
CHUNK = 2000
# The child's own peak: VmHWM starts afresh with the child's program, while ru_maxrss keeps the
# peak of the process it was forked from (the filling parent) across exec.
CHILD = (
    "import re, sys, django; django.setup();"
    "from django.core.management import call_command;"
    "call_command('audit', sys.argv[1]);"
    "status = open('/proc/self/status').read();"
    "print('PEAK_KIB', re.search(r'VmHWM:\\s+(\\d+)', status).group(1))"
)


def template():
    """One case opened through the services, and its rows by model."""
    from lotse.cases import services
    from lotse.cases.models import (
        CaseContact,
        CaseEvent,
        NextStep,
        Participant,
        PersonalValue,
        Track,
    )
    from lotse.demo.cast import cast_membership
    from lotse.demo.stories import valid_intake

    case = services.case_create(actor=cast_membership("company_hr"), fields=valid_intake())
    related = {
        model: list(model.objects.filter(case=case))
        for model in (Participant, CaseContact, Track, NextStep)
    }
    events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    values = list(PersonalValue.objects.filter(case=case))
    return case, events, values, related


def fill(n: int, start: int) -> None:
    """Copies `start` … `n - 1` of the template case, `CHUNK` cases a transaction."""
    from django.db import transaction

    from lotse.cases.chain_keys import current_key
    from lotse.cases.log import GENESIS, stored_hash
    from lotse.cases.models import Case, CaseEvent, PersonalValue

    case, events, values, related = template()
    kid, key = current_key()
    for first in range(start, n, CHUNK):
        cases, new_events, new_values, rows = [], [], [], {model: [] for model in related}
        for number in range(first, min(n, first + CHUNK)):
            clone = copy.copy(case)
            clone.pk, clone.reference = uuid.uuid4(), f"B-{number:09d}"
            prev, mine = GENESIS, []
            for event in events:
                twin = copy.copy(event)
                twin.pk, twin.case_id, twin.prev_hash, twin.key_id = None, clone.pk, prev, kid
                twin.hash = prev = stored_hash(twin, key)
                mine.append(twin)
            clone.log_head, clone.log_seq = prev, len(mine)
            cases.append(clone)
            new_events.append(mine)
            for model, originals in related.items():
                for row in originals:
                    twin = copy.copy(row)
                    if model._meta.pk.name != "case":
                        twin.pk = uuid.uuid4() if isinstance(row.pk, uuid.UUID) else None
                    twin.case_id = clone.pk
                    rows[model].append(twin)
        with transaction.atomic():
            Case.objects.bulk_create(cases)
            flat = CaseEvent.objects.bulk_create([e for mine in new_events for e in mine])
            by_seq = {}
            for event in flat:
                by_seq[(event.case_id, event.seq)] = event.pk
            seqs = {event.pk: event.seq for event in events}
            for mine in new_events:
                for value in values:
                    twin = copy.copy(value)
                    twin.pk, twin.case_id = None, mine[0].case_id
                    twin.event_id = by_seq[(mine[0].case_id, seqs[value.event_id])]
                    new_values.append(twin)
            PersonalValue.objects.bulk_create(new_values)
            for model, twins in rows.items():
                model.objects.bulk_create(twins)
        print(f"  {min(n, first + CHUNK)} cases filled", file=sys.stderr)


CHUNK_COPY = 10_000
# Stand-ins for the case id and the previous hash in an event's hashed bytes, replaced per copy.
STAND_IN_CASE, STAND_IN_PREV = "00000000-0000-4000-8000-0000000000c0", "f" * 64


def _template_rows(cursor, model, case_id) -> tuple[list[str], list[list[str]]]:
    """The template case's rows of `model` in COPY's text format (fields left escaped, so that
    joined again they are a valid line), by primary key."""
    columns = [field.column for field in model._meta.concrete_fields]
    key = "id" if model._meta.db_table == "cases_case" else "case_id"
    query = (
        f"COPY (SELECT {', '.join(columns)} FROM {model._meta.db_table} "
        f"WHERE {key} = '{case_id}' ORDER BY {model._meta.pk.column}) TO STDOUT"
    )
    data = bytearray()
    with cursor.copy(query) as copy:
        for block in copy:
            data += block
    return columns, [line.split("\t") for line in data.decode().splitlines()]


def _next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def fill_copy(n: int, start: int) -> None:
    """PostgreSQL: copies `start` … `n - 1` of the template case, loaded by COPY in batches of
    `CHUNK_COPY` cases. Each copy's chain is rehashed from the template's hashed bytes with the
    copy's id and previous hash put in; the personal values (their commitments do not depend on
    the case) and the stored rows are the template's with new ids."""
    import hmac
    from hashlib import sha256

    from django.db import connection, transaction

    from lotse.cases.chain_keys import current_key
    from lotse.cases.log import GENESIS, stored_body, stored_hash
    from lotse.cases.models import (
        Case,
        CaseContact,
        CaseEvent,
        NextStep,
        Participant,
        PersonalValue,
        Track,
    )

    case, events, _values, _related = template()
    kid, key = current_key()
    models = [Case, CaseEvent, PersonalValue, Participant, CaseContact, Track, NextStep]
    with connection.cursor() as cursor:
        rows = {model: _template_rows(cursor, model, case.pk) for model in models}
        serial = {
            model: _next_id(cursor, model._meta.db_table)
            for model in models
            if model._meta.pk.get_internal_type() == "BigAutoField"
        }
    bodies = []
    for event in events:
        twin = copy.copy(event)
        twin.case_id, twin.prev_hash, twin.key_id = STAND_IN_CASE, STAND_IN_PREV, kid
        bodies.append(stored_body(twin).split(STAND_IN_CASE.encode()))
    event_index = {str(event.pk): number for number, event in enumerate(events)}
    per_case = {model: len(rows[model][1]) for model in models}
    assert per_case[CaseEvent] == len(events) and per_case[Case] == 1

    def column(model, name):
        return rows[model][0].index(name)

    def copy_lines(number: int, clone_id: str, lines: dict) -> None:
        """Append one copy's lines, table by table."""
        offset = number - start
        prev, hashes = GENESIS, []
        for body in bodies:
            data = clone_id.encode().join(body).replace(STAND_IN_PREV.encode(), prev.encode())
            digest = hmac.new(key, data, sha256).hexdigest()
            hashes.append((prev, digest))
            prev = digest
        for model in models:
            names, template_rows = rows[model]
            for index, fields in enumerate(template_rows):
                fields = list(fields)
                if model is Case:
                    fields[column(Case, "id")] = clone_id
                    fields[column(Case, "reference")] = f"B-{number:09d}"
                    fields[column(Case, "log_head")] = prev
                    fields[column(Case, "log_seq")] = str(len(events))
                else:
                    fields[column(model, "case_id")] = clone_id
                if model in serial:
                    fields[column(model, "id")] = str(
                        serial[model] + offset * per_case[model] + index
                    )
                elif model is not Case and model._meta.pk.column == "id":
                    fields[column(model, "id")] = str(uuid.uuid4())
                if model is CaseEvent:
                    fields[column(CaseEvent, "prev_hash")], fields[column(CaseEvent, "hash")] = (
                        hashes[index]
                    )
                    fields[column(CaseEvent, "key_id")] = kid
                if model is PersonalValue:
                    event_id = column(PersonalValue, "event_id")
                    fields[event_id] = str(
                        serial[CaseEvent]
                        + offset * per_case[CaseEvent]
                        + event_index[fields[event_id]]
                    )
                lines[model].append("\t".join(fields) + "\n")

    checked = False
    for first in range(start, n, CHUNK_COPY):
        lines = {model: [] for model in models}
        for number in range(first, min(n, first + CHUNK_COPY)):
            copy_lines(number, str(uuid.uuid4()), lines)
        if not checked:  # the first copy's chain must be what the services would have hashed
            names, first_event = rows[CaseEvent][0], lines[CaseEvent][0].rstrip("\n").split("\t")
            twin = copy.copy(events[0])
            twin.case_id, twin.prev_hash, twin.key_id = (
                first_event[names.index("case_id")],
                GENESIS,
                kid,
            )
            assert stored_hash(twin, key) == first_event[names.index("hash")], "rehash differs"
            checked = True
        with transaction.atomic(), connection.cursor() as cursor:
            # Every row refers to rows copied before it or already there: skip the triggers
            # that check foreign keys row by row.
            cursor.execute("SET LOCAL session_replication_role = replica")
            for model in models:
                names = ", ".join(rows[model][0])
                with cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy_in:
                    copy_in.write("".join(lines[model]))
        print(f"  {min(n, first + CHUNK_COPY)} cases filled", file=sys.stderr)
    with connection.cursor() as cursor:
        for model in serial:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")


def child(action: str, env: dict) -> tuple[float, float]:
    """Run `manage.py audit <action>` in a child; its peak memory (MiB) and seconds."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, action], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"audit {action} failed:\n{result.stdout}")
    peak = [line for line in result.stdout.splitlines() if line.startswith("PEAK_KIB")][0]
    return int(peak.split()[1]) / 1024, seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument(
        "--small", type=int, help="the first, smaller size measured (default N/10; 0: none)"
    )
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="lotse-bench-audit-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings.dev")
    os.environ["DJANGO_DEBUG"] = "false"  # a debug cursor would keep every query
    os.environ["LOTSE_SEAL_DIR"] = str(scratch / "seals")
    os.environ["LOTSE_SEAL_KEY_FILE"] = str(scratch / "seal-key.pem")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    (scratch / "seal-key.pem").write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    import django

    django.setup()
    from django.core.management import call_command

    from lotse.cases.models import Case
    from lotse.demo.load import demo_load

    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        demo_load()
    env = dict(os.environ)
    results = []
    small = max(1, args.n // 10) if args.small is None else args.small
    from django.db import connection

    filled = fill_copy if connection.vendor == "postgresql" else fill
    for size, start in ((small, 0), (args.n, small))[0 if small else 1 :]:
        have = Case.objects.filter(reference__startswith="B-").count()
        if have < size:  # a rerun over the same database fills only what is missing
            filled(size, max(start, have))
        count = Case.objects.count()
        seal_mib, seal_s = child("seal", env)
        verify_mib, verify_s = child("verify", env)
        results.append(max(seal_mib, verify_mib))
        print(
            f"{count} cases: audit seal {seal_mib:.0f} MiB peak in {seal_s:.1f} s; "
            f"audit verify {verify_mib:.0f} MiB peak in {verify_s:.1f} s "
            f"({count / verify_s:.0f} cases/s)"
        )
    peak = results[-1]
    verdict = "PASS" if peak <= GOAL_MIB else "FAIL"
    print(
        f"audit: peak memory {peak:.0f} MiB over {Case.objects.count()} cases "
        f"(goal <= {GOAL_MIB} MiB) {verdict}"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
