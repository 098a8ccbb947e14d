"""Volume for the scale tests and `bench/pages.py`: N generated cases on PostgreSQL, made by
set-based SQL (`INSERT … SELECT … generate_series`), not through the services — 10^6 cases with
their events in minutes, not days. The rows have the shapes the lists read (cases, participations,
named contacts, next steps, events), with shares like a real region: the IHK in ~40 % of cases,
the HWK in ~20 %, the Zentralstelle in most forwarded ones, one company (the demo's Müller
Technik) with ~1 %. Generated cases are filler for the lists: their events carry no payload, so
nobody opens them; the case page is measured on a demo case made through the services.

Needs the demo loaded first (the organisations and the cast).
"""

import datetime
import re

from django.db import connection, transaction

from lotse.accounts.models import User
from lotse.orgs.models import Membership, Organisation, OrgAuditEntry, OrgKind, Role, UnitKind
from lotse.orgs.services import membership_create, organisation_create, unit_of_kind

# Besides Müller Technik, which gets every 97th case: a period prime to the states' (20), so its
# cases are in every state as everyone's are (every hundredth made all of them drafts, and its
# "with others" list an empty walk over all its cases).
COMPANIES = 99
START = datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC)
KEYS = {
    "mueller": "mueller-technik",
    "ihk": "ihk-hannover",
    "hwk": "hwk-hannover",
    "zst": "lab-ni-zentralstelle",
    "city": "abh-lhh",
    "region": "abh-region",
    "agency": "aa-hannover",
    "welcome": "welcome-center",
}


def _companies() -> tuple[list, list]:
    """The generated companies (made once through the services) and one opener in each."""
    organisations, openers = [], []
    for number in range(COMPANIES):
        key = f"volume-company-{number}"
        organisation = Organisation.objects.filter(key=key).first() or organisation_create(
            key=key, kind=OrgKind.COMPANY, name=f"Volumen {number} GmbH"
        )
        opener = Membership.objects.filter(organisation=organisation).first() or (
            membership_create(
                organisation=organisation, email=f"hr@volume-{number}.example", role=Role.ADVISER
            )
        )
        organisations.append(organisation.pk)
        openers.append(opener.pk)
    return organisations, openers


def _contact(organisation: Organisation):
    """The organisation's default contact, else any active member."""
    if organisation.default_contact_id:
        return organisation.default_contact_id
    return Membership.objects.filter(organisation=organisation, active=True).first().pk


def _unit(organisation: Organisation, kind: str):
    """The id of the organisation's unit of `kind`, or None where it has none."""
    unit = unit_of_kind(organisation_id=organisation.pk, kind=kind)
    return unit.pk if unit else None


# Each statement reads its parameters by name; `i` numbers the case, its id is md5 of it.
CASE_ID = "md5('lotse-volume-' || i)::uuid"
CASES = f"""
INSERT INTO cases_case (
    id, created_at, updated_at, reference, state, log_head, authority_choice, worker_first_name,
    worker_last_name, worker_citizenship, worker_passport_number, worker_email, worker_languages,
    qualification_level, qualification_country, qualification_title, recognition, job_title,
    job_occupation_code, workplace_postcode, workplace_municipality, residence_postcode,
    residence_municipality, consent_given, company_id, created_by_id, chamber_id{{more_columns}})
SELECT {CASE_ID}, at, at, 'V-' || i, state, '', '', 'Vorname', 'Nachname ' || i, 'Indien', '', '',
    '[]', 'vocational', 'Indien', 'Mechatroniker', 'full', 'Mechatroniker/in', '', '30159',
    'hannover', '30159', 'hannover', true, company, opener,
    CASE WHEN state = 'draft' THEN NULL WHEN i %% 10 < 4 THEN %(ihk)s
         WHEN i %% 10 < 6 THEN %(hwk)s END{{more_values}}
FROM (
    SELECT i, %(start)s::timestamptz + i * %(step)s::interval AS at,
        CASE WHEN i %% 20 < 2 THEN 'draft' WHEN i %% 20 < 4 THEN 'submitted'
             WHEN i %% 20 = 4 THEN 'returned' WHEN i %% 20 = 5 THEN 'withdrawn'
             ELSE 'forwarded' END AS state,
        CASE WHEN i %% 97 = 0 THEN %(mueller)s
             ELSE (%(companies)s::uuid[])[1 + i %% %(company_count)s] END AS company,
        CASE WHEN i %% 97 = 0 THEN %(mueller_opener)s
             ELSE (%(openers)s::uuid[])[1 + i %% %(company_count)s] END AS opener
    FROM generate_series(%(first)s, %(last)s) AS i
) AS generated
"""
# The chamber of every case that has one; the authority of a forwarded case (mostly the
# Zentralstelle, since 2026 the only one competent); the agency in a third of them (its consent
# team's part, as `services.ROLE_UNITS` gives it); the Welcome Center brought in as a partner in
# one case in twenty.
PARTICIPANTS = """
INSERT INTO cases_participant (id, created_at, updated_at, role, case_created_at, case_id,
    organisation_id, unit_id)
SELECT md5(part.role || c.id::text)::uuid, c.created_at, c.created_at, part.role, c.created_at,
    c.id, part.organisation,
    CASE WHEN part.role = 'employment_agency' THEN %(consent_team)s::uuid END
FROM cases_case c
CROSS JOIN LATERAL (VALUES
    ('chamber', c.chamber_id, c.chamber_id IS NOT NULL),
    ('authority', CASE WHEN substr(c.reference, 3)::int %% 10 < 8 THEN %(zst)s::uuid
                       WHEN substr(c.reference, 3)::int %% 10 = 8 THEN %(city)s::uuid
                       ELSE %(region)s::uuid END, c.state = 'forwarded'),
    ('employment_agency', %(agency)s::uuid,
        c.state = 'forwarded' AND substr(c.reference, 3)::int %% 3 = 0),
    ('contact', %(welcome)s::uuid, substr(c.reference, 3)::int %% 20 = 0)
) AS part (role, organisation, present)
WHERE c.reference LIKE 'V-%%' AND part.present
    AND substr(c.reference, 3)::int BETWEEN %(first)s AND %(last)s
"""
CONTACTS = """
INSERT INTO cases_casecontact (id, created_at, updated_at, case_id, organisation_id, membership_id,
    case_created_at)
SELECT md5('contact' || c.id::text)::uuid, c.created_at, c.created_at, c.id, c.company_id,
    c.created_by_id, c.created_at
FROM cases_case c
WHERE c.reference LIKE 'V-%%' AND substr(c.reference, 3)::int BETWEEN %(first)s AND %(last)s
UNION ALL
SELECT md5('chamber-contact' || c.id::text)::uuid, c.created_at, c.created_at, c.id, c.chamber_id,
    CASE WHEN c.chamber_id = %(ihk)s THEN %(ihk_contact)s::uuid ELSE %(hwk_contact)s::uuid END,
    c.created_at
FROM cases_case c
WHERE c.reference LIKE 'V-%%' AND c.chamber_id IS NOT NULL
    AND substr(c.reference, 3)::int BETWEEN %(first)s AND %(last)s
"""
# Who acts next, as the projection would store it (cases/projections.py).
NEXT_STEPS = """
INSERT INTO cases_nextstep (case_id, organisation_id, unit_id, contact_id, step, due, since)
SELECT c.id, acting.organisation, CASE WHEN agency.id IS NOT NULL THEN agency.unit_id END,
    acting.contact, acting.step, NULL, c.created_at + interval '1 day'
FROM cases_case c
LEFT JOIN cases_participant agency ON agency.case_id = c.id AND agency.role = 'employment_agency'
LEFT JOIN cases_participant authority ON authority.case_id = c.id AND authority.role = 'authority'
CROSS JOIN LATERAL (SELECT * FROM (VALUES
    ('draft', c.company_id, c.created_by_id, 'intake'),
    ('returned', c.company_id, c.created_by_id, 'intake'),
    ('submitted', c.chamber_id,
        CASE WHEN c.chamber_id = %(ihk)s THEN %(ihk_contact)s::uuid
             ELSE %(hwk_contact)s::uuid END, 'precheck'),
    ('withdrawn', NULL::uuid, NULL::uuid, 'none'),
    ('forwarded', coalesce(agency.organisation_id, authority.organisation_id), NULL::uuid,
        CASE WHEN agency.id IS NULL THEN 'consent.request' ELSE 'consent.decide' END)
) AS steps (state, organisation, contact, step) WHERE steps.state = c.state) AS acting
WHERE c.reference LIKE 'V-%%' AND substr(c.reference, 3)::int BETWEEN %(first)s AND %(last)s
"""
# 3 to 11 events per case (7 on average), an hour apart.
EVENTS = f"""
INSERT INTO cases_caseevent (case_id, seq, type, at, payload, prev_hash, hash, key_id)
SELECT {CASE_ID}, seq, 'case.updated', %(start)s::timestamptz + i * %(step)s::interval
    + seq * interval '1 hour', '{{}}', '', '', ''
FROM generate_series(%(first)s, %(last)s) AS i, generate_series(1, 3 + i %% 9) AS seq
"""


# The empty value of a required column by its type, for columns added after this was written.
EMPTY = {
    "character varying": "''",
    "text": "''",
    "boolean": "false",
    "jsonb": "'[]'",
    "integer": "0",
    "smallint": "0",
    "bigint": "0",
}


def _case_statement() -> str:
    """CASES with every further required column of the case filled with its empty value."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_name = 'cases_case' AND is_nullable = 'NO' AND column_default IS NULL"
        )
        required = cursor.fetchall()
    named = set(re.findall(r"\b\w+\b", CASES.split("SELECT")[0]))
    more = [(column, EMPTY[kind]) for column, kind in required if column not in named]
    return CASES.replace("{more_columns}", "".join(f", {column}" for column, _ in more)).replace(
        "{more_values}", "".join(f", {value}" for _, value in more)
    )


def volume_generate(*, cases: int, batch: int = 250_000, step_minutes: float = 0.0) -> dict:
    """Add `cases` generated cases (PostgreSQL only), in batches of one statement per table.
    `step_minutes` spaces their creation (default: ten years over all of them)."""
    assert connection.vendor == "postgresql", "set-based generation is written for PostgreSQL"
    orgs = {name: Organisation.objects.get(key=key) for name, key in KEYS.items()}
    companies, openers = _companies()
    mueller_opener = Membership.objects.filter(organisation=orgs["mueller"]).order_by("created_at")
    step = step_minutes or 10 * 365 * 24 * 60 / max(cases, 1)
    params = {name: organisation.pk for name, organisation in orgs.items()} | {
        "companies": companies,
        "openers": openers,
        "company_count": len(companies),
        "mueller_opener": mueller_opener.first().pk,
        "consent_team": _unit(orgs["agency"], UnitKind.CONSENT_TEAM),
        "ihk_contact": _contact(orgs["ihk"]),
        "hwk_contact": _contact(orgs["hwk"]),
        "start": START,
        "step": f"{step * 60:.3f} seconds",
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case WHERE reference LIKE 'V-%%'")
        done = cursor.fetchone()[0]
    for first in range(done + 1, done + cases + 1, batch):
        numbers = {"first": first, "last": min(done + cases, first + batch - 1)}
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in (_case_statement(), PARTICIPANTS, CONTACTS, NEXT_STEPS, EVENTS):
                cursor.execute(statement, params | numbers)
    with connection.cursor() as cursor:
        # As a database that has run a while would be: vacuumed (its visibility map lets an
        # index-only scan skip the table, and the rows' hint bits are set), not only analysed;
        # else the first reads after the load pay for that work (VACUUM: not in a transaction).
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return {"cases": done + cases}


def volume_remove() -> None:
    """Remove what `volume_generate` added (the tests' volume, after their module)."""
    generated = "SELECT id FROM cases_case WHERE reference LIKE 'V-%%'"
    with transaction.atomic(), connection.cursor() as cursor:
        for table in (
            "cases_caseevent",
            "cases_nextstep",
            "cases_casecontact",
            "cases_participant",
        ):
            cursor.execute(f"DELETE FROM {table} WHERE case_id IN ({generated})")
        cursor.execute("DELETE FROM cases_case WHERE reference LIKE 'V-%%'")
        companies = Organisation.objects.filter(key__startswith="volume-company-")
        people = Membership.objects.filter(organisation__in=companies)
        users = [membership.user_id for membership in people]
        OrgAuditEntry.objects.filter(organisation__in=companies).delete()
        people.delete()
        User.objects.filter(pk__in=users).delete()
        companies.delete()
