"""The demo tells a story of different people, and its phone numbers reach nobody by mistake."""

import re
from pathlib import Path

import yaml

from lotse.cases.models import Case

REPO = Path(__file__).resolve().parents[1]
# Numbers the Bundesnetzagentur keeps unassigned for media and fiction (Amtsblatt 7/2021,
# Mitteilung Nr. 148/2021): 1000 numbers in each of these five local networks.
DRAMA = re.compile(r"^\+49 (30 23125|69 90009|40 66969|221 4710|89 99998) \d{3}$")
# A published switchboard as this data writes one: +49, area code, number, optional "-0".
SWITCHBOARD = re.compile(r"^\+49 \d{2,4} \d{3,8}(-0)?$")


def test_every_demo_worker_is_a_different_person(db):
    workers = list(
        Case.objects.values_list(
            "worker_last_name", "worker_birth_date", "worker_passport_number", "worker_email"
        )
    )
    assert len(workers) >= 7
    for column in zip(*workers, strict=True):
        assert len(set(column)) == len(column), column


def organisation_files():
    return [REPO / "regions" / "hannover" / "organisations.yaml"] + sorted(
        (REPO / "lotse" / "routing" / "tests" / "regions").glob("*/organisations.yaml")
    )


def test_partners_phone_numbers_are_switchboards_or_fictitious():
    for path in organisation_files():
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))["organisations"]
        for entry in entries:
            phone = (entry.get("default_contact") or {}).get("phone", "")
            assert "0000" not in phone, (path.name, entry["key"], phone)
            if phone:
                assert DRAMA.match(phone) or SWITCHBOARD.match(phone), (entry["key"], phone)
            if path.parent.name != "hannover" and phone:
                assert DRAMA.match(phone), (entry["key"], phone)  # an invented partner


def test_the_demo_intake_stays_plausible_whatever_the_day(cast):
    """Its start date was once a fixed day, which the calendar would have overtaken: from then on
    every demo submission would have met the "start date in the past" warning."""
    import datetime

    from lotse.cases import services
    from lotse.cases.plausibility import case_warnings
    from lotse.core import clock
    from lotse.demo.stories import valid_intake

    for day in (datetime.date(2027, 3, 2), datetime.date(2029, 1, 15)):
        with clock.travel_to(day):
            case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
            assert case_warnings(case) == [], day
