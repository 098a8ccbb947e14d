"""Which values of the log are personal, their salted commitments, and the store that holds them.

The hashed payload of an event holds, in place of each personal value, `{"$commit": hex}`: the
HMAC-SHA-256 of the value's canonical JSON keyed with a random salt of its own. The value and its
salt live in `PersonalValue`. Erasure empties value and salt and keeps every row and every event, so
each chain still verifies; without the salt, a guessable value (a birth date) cannot be confirmed
from its commitment.

This module is the one place that decides what is personal. The reasons:

- Names, birth date, citizenship, passport number and e-mail identify the worker; languages,
  old-age provision and salary are facts about them alone; the qualification's title and date
  are, with its country, often unique to one person.
- Family members' names, birth dates, qualification and career wishes, for the same reasons; the
  relation (spouse, child) stays readable, it is what the procedure decides on.
- Free texts (a withdrawal's reason, what is missing, the advice's reasons, a note asking for
  forwarding) may say anything about the worker.
- A pre-check result quotes the worker's facts throughout (age, salary, language level) in its
  explanations, so it is committed as a whole; its outcome stays readable for statistics.

Not personal, and readable in the log: the kind, country and recognition of the qualification,
years of experience, the job offer's facts (title, code, hours, start, the employer's answers), the
postcodes and municipalities that routing decides by, the consent's tick, and the names of partner
staff named as contacts (who acted in office is what an audit log is for).
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from lotse.cases.canonical import canonical
from lotse.cases.event_types import EventType
from lotse.cases.intake import WORKER_FIELDS
from lotse.cases.models import Case, CaseEvent, FamilyMember, PersonalValue
from lotse.core import clock

COMMIT = "$commit"
WORKER = "worker"

# The case's intake columns that are personal (reasons above): every field about the worker (a
# new one is personal unless moved out on purpose), and three more.
PERSONAL_FIELDS = WORKER_FIELDS + ("qualification_title", "qualification_date", "job_salary_eur")
# What a family member's event records; all but the relation are personal.
FAMILY_COLUMNS = ("relation", "first_name", "last_name", "birth_date", "qualification", "career")
FAMILY_PERSONAL = FAMILY_COLUMNS[1:]

# Per event type, the places in its payload that hold personal values.
PERSONAL_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    EventType.CASE_CREATED: tuple(("fields", name) for name in PERSONAL_FIELDS),
    EventType.CASE_UPDATED: tuple(
        ("changes", name, side) for name in PERSONAL_FIELDS for side in ("old", "new")
    ),
    EventType.FAMILY_ADDED: tuple((name,) for name in FAMILY_PERSONAL),
    EventType.CASE_WITHDRAWN: (("reason",),),
    EventType.CASE_RETURNED: (("missing",),),
    EventType.NO_PROSPECT_ADVISED: (("reasons",), ("assessment",)),
    EventType.FORWARDING_REQUESTED: (("note",),),
    EventType.RETURN_ANSWERED: (("text",),),
    # the adviser's reason for forwarding an incomplete dossier nevertheless may name the worker
    EventType.DOSSIER_FORWARDED: (("override_reason",),),
    EventType.PRECHECK_RUN: (("assessment",),),
    EventType.SELF_CHECK_RUN: (("assessment",),),
    EventType.DOSSIER_REJECTED: (("reasons",),),
    EventType.CONSENT_GIVEN: (("reason",),),
    EventType.CONSENT_REFUSED: (("reason",),),
    # the client's file name may name the worker ("Pass_Petrova.pdf"); kind, size and hash do not
    EventType.DOCUMENT_UPLOADED: (("file_name",),),
    EventType.UPLOAD_LINK_SENT: (("email",),),
    # The administrator's words on an erasure may name the person; its basis stays readable.
    EventType.PERSONAL_DATA_ERASED: (("reason",),),
    # the procedure's free texts may say anything about the worker
    EventType.RECOGNITION_RECEIPT_CONFIRMED: (("note",),),
    EventType.RECOGNITION_EVIDENCE_REQUESTED: (("note",),),
    EventType.RECOGNITION_DOCUMENTS_RECEIVED: (("note",),),
    EventType.RECOGNITION_EXTENDED: (("note",),),
    EventType.RECOGNITION_DECIDED: (("note",), ("measure",)),
    EventType.CONSENT_INFORMATION_REQUESTED: (("questions",),),
    EventType.VISA_REFUSED: (("reason",),),
    EventType.EMPLOYMENT_ENDED_EARLY: (("reason",),),
    EventType.PROCEDURE_REFUSED: (("reasons",),),
}

# Event types whose payload holds nothing personal: places, organisations, states, ids, and the
# names of partner staff acting in office. Every event type is in exactly one of the two tables
# (a test holds it), so a new one needs a decision here.
NOTHING_PERSONAL = frozenset(
    {
        EventType.FAMILY_REMOVED,  # the member's id and relation
        EventType.FAMILY_COUNSELLING_REFERRED,  # the member's id, the service and its law
        EventType.CASE_SUBMITTED,  # the chamber
        EventType.AUTHORITY_CHOSEN,  # local or Zentralstelle
        EventType.CONSENT_REQUESTED,  # the agency
        EventType.CONTACT_ASSIGNED,  # partner staff named as contacts
        EventType.UPLOAD_LINK_REVOKED,  # the link's id
        EventType.TARGET_TITLE_CHOSEN,  # a pathway id
        EventType.CONSENT_DEEMED_GIVEN,  # a date passed
        EventType.CONSENT_WEEK_EXPIRED,  # the period's end
        EventType.PARTICIPANT_ADDED,  # an organisation and its part
        EventType.PARTICIPANT_ROLE_CHANGED,  # an organisation's part
        EventType.AGREEMENT_DRAFTED,  # a document's id
        EventType.AGREEMENT_SIGNED,  # the signing side, a document's id and hash
        EventType.AGREEMENT_CONCLUDED,  # who owes the fee: worker or employer
        EventType.RECOGNITION_APPLIED,  # the body and its law
        EventType.AUTHORITY_EMPLOYER_INVITED,  # the number of the event passed on
        EventType.PREAPPROVAL_ISSUED,  # whose, and the letter's id
        EventType.VISA_APPOINTMENT_REQUESTED,  # whose, and a date of the procedure
        EventType.VISA_APPOINTMENT_BOOKED,
        EventType.VISA_APPLIED,
        EventType.VISA_ISSUED,
        EventType.ENTRY_REPORTED,
        EventType.RESIDENCE_PERMIT_APPLIED,  # whose, a date, the authority of the residence
        EventType.RESIDENCE_PERMIT_ISSUED,
        EventType.MESSAGE_SENT,  # the thread's id and its addressee; the text is in the inbox
        EventType.DOSSIER_ACCEPTED,  # the submission and the authority
        EventType.SUBMISSION_SENDING,  # the submission's id, the attempt, an error's kind
        EventType.SUBMISSION_RETRYING,
        EventType.SUBMISSION_DELIVERED,
        EventType.SUBMISSION_FAILED,
    }
)


def person_of(type: str, payload: dict) -> str:
    """Whose values an event holds: a family member's own event is theirs, the rest the worker's."""
    if type == EventType.FAMILY_ADDED:
        return str(payload["member"])
    if type == EventType.DOCUMENT_UPLOADED and payload.get("family_member"):
        return str(payload["family_member"])  # a family member's passport is theirs
    return WORKER


def commitment(value, salt: str) -> str:
    """HMAC-SHA-256 of the value's canonical JSON, keyed with its salt (hex)."""
    return hmac.new(bytes.fromhex(salt), canonical(value), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Sealed:
    path: str
    person: str
    value: object
    salt: str


def payload_seal(*, type: str, payload: dict) -> tuple[dict, list[Sealed]]:
    """Replace each personal value of a plain `payload` (in place) by its commitment; return the
    payload and the values with their salts, for `values_store` once the event exists. Empty values
    (None, "", []) say nothing about anyone and stay as they are."""
    sealed = []
    person = person_of(type, payload)
    for path in PERSONAL_KEYS.get(type, ()):
        parent = payload
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if not isinstance(parent, dict) or parent.get(path[-1]) in (None, "", [], {}):
            continue
        salt = secrets.token_hex(32)
        value = parent[path[-1]]
        parent[path[-1]] = {COMMIT: commitment(value, salt)}
        sealed.append(Sealed(".".join(path), person, value, salt))
    return payload, sealed


def values_store(*, event: CaseEvent, sealed: list[Sealed]) -> None:
    PersonalValue.objects.bulk_create(
        PersonalValue(
            case_id=event.case_id,
            event=event,
            path=item.path,
            person=item.person,
            value=item.value,
            salt=item.salt,
        )
        for item in sealed
    )


def commitments(node, path: str = ""):
    """Every (path, commitment) in a stored payload (only dicts can hold one: the walk descends
    into nothing else)."""
    if not isinstance(node, dict):
        return
    if len(node) == 1 and COMMIT in node:
        yield path, node[COMMIT]
        return
    for key, item in node.items():
        if isinstance(item, dict):
            place = f"{path}.{key}" if path else key
            if len(item) == 1 and COMMIT in item:
                yield place, item[COMMIT]
            else:
                yield from commitments(item, place)


class Erased:
    """An erased personal value: shown as erased, never as broken."""

    def __str__(self) -> str:
        return gettext("(erased)")

    def __repr__(self) -> str:
        return "ERASED"


ERASED = Erased()


def payload_open(payload: dict, values: dict, path: str = ""):
    """The payload with each commitment replaced by its value, or ERASED (`values` by path: each
    a `PersonalValue` or anything with its `value` and `erased_at`)."""
    if not isinstance(payload, dict):
        return payload
    if len(payload) == 1 and COMMIT in payload:
        row = values.get(path)
        return ERASED if row is None or row.erased_at else row.value
    return {
        key: payload_open(item, values, f"{path}.{key}" if path else key)
        if isinstance(item, dict)
        else item
        for key, item in payload.items()
    }


def values_by_event(events) -> dict:
    """The stored values of `events`, by event id and path: one query for the whole list."""
    return by_event(PersonalValue.objects.filter(event_id__in=[event.pk for event in events]))


def by_event(rows) -> dict:
    found: dict = {}
    for row in rows:
        found.setdefault(row.event_id, {})[row.path] = row
    return found


def events_open(events) -> list[CaseEvent]:
    """The events, each with `data`: its payload as readers see it (values in place of the
    commitments, ERASED where erased). The timeline, the API and the pre-check read `data`."""
    events = list(events)
    values = values_by_event(events)
    for event in events:
        event.data = payload_open(event.payload, values.get(event.pk, {}))
    return events


def as_json(data):
    """`data` for JSON output: an erased value becomes {"$erased": true}."""
    if data is ERASED:
        return {"$erased": True}
    if isinstance(data, dict):
        return {key: as_json(item) for key, item in data.items()}
    if isinstance(data, list):
        return [as_json(item) for item in data]
    return data


def _blank(model, names) -> dict:
    """Each column's empty value: null where it can hold one, else its default or ""."""
    fields = [model._meta.get_field(name) for name in names]
    return {
        field.name: None if field.null else (field.get_default() if field.has_default() else "")
        for field in fields
    }


def values_erase(*, case: Case, person: str | None, places: dict[str, set[str]]) -> int:
    """Erase the stored values of `case` (or of one person in it) at `places` (event type → paths):
    value and salt emptied, the row kept with the time of erasure. Returns how many were erased;
    values erased before are not counted again."""
    # Where all of a type's places are meant, its type alone says so (a shorter query).
    whole = sorted(type for type, paths in places.items() if paths == _places(type))
    where = Q(event__type__in=whole)
    for type, paths in places.items():
        if type not in whole:
            where |= Q(event__type=type, path__in=sorted(paths))
    rows = PersonalValue.objects.filter(where, case=case, erased_at__isnull=True)
    if person is not None:
        rows = rows.filter(person=person)
    return rows.update(value=None, salt="", erased_at=clock.now())


def worker_columns_erase(*, case: Case) -> None:
    """Empty the worker's personal columns of the case row."""
    Case.objects.filter(pk=case.pk).update(**_blank(Case, PERSONAL_FIELDS))


def family_columns_erase(*, case: Case, person: str | None) -> None:
    """Empty the personal columns of the case's family rows (or of one member's row)."""
    family = FamilyMember.objects.filter(case=case)
    if person is not None:
        family = family.filter(pk=person)
    family.update(**_blank(FamilyMember, FAMILY_PERSONAL))


def _places(type: str) -> set[str]:
    return {".".join(path) for path in PERSONAL_KEYS.get(type, ())}


def places_of(*types: str) -> dict[str, set[str]]:
    """Every personal place of the event types `types`, as `values_erase` takes them."""
    return {str(type): _places(type) for type in types}


@transaction.atomic
def personal_values_erase(*, case: Case, person: str | None = None) -> int:
    """Erase the personal values of `case`, or of one person in it ("worker" or a family member's
    id): the stored values and salts and the personal columns. Rows and events stay, so every
    chain still verifies and `audit verify` reports the values as erased. Returns how many stored
    values were erased. The erasure service (`cases.erasure`) erases through the registered hooks,
    which together cover the same places, and records the erasure in the log."""
    erased = values_erase(case=case, person=person, places=places_of(*PERSONAL_KEYS))
    if person in (None, WORKER):
        worker_columns_erase(case=case)
    if person != WORKER:
        family_columns_erase(case=case, person=person)
    return erased
