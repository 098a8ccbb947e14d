"""Demo history 2021–2025 for the statistics: generated procedures made through the services with
the clock travelled to the days they happened, so the dashboard shows a real picture.

Labelled as demo: the workers are "Historie <year>-<n>" (fictitious, e-mail under example.org),
in ten generated companies ("Demo-Historie <n> GmbH") apart from the named cast, so the cast's
visibility tests stay exact. Volumes follow the seed's growth (domain/figures.md: 40 accelerated
procedures completed in the Region Hannover in 2021, 149 in 2023). Before 2023 no pre-check is
run (the engine's law starts in 2023); none is run here at all. The steps after the forwarding
(agreement, consent, pre-approval) come with the procedure's services and are not generated yet.

Not part of the tests' demo fixture: a command of its own (`manage.py demo_history`), which
`bin/start` runs after `demo_load`. Running it again adds nothing.
"""

import datetime
import random

from django.db import transaction

from lotse.cases import services
from lotse.cases.models import Case
from lotse.cases.notifications import suppressed
from lotse.core import clock
from lotse.forwarding.services import case_forward
from lotse.orgs.models import Membership, Organisation, OrgKind, Role, TradeKind
from lotse.orgs.services import membership_create, organisation_create

from .cast import cast_membership
from .stories import PAPER_DOSSIER, valid_intake

# Procedures started per year (the seed's completions, 40 → 149, plus those that do not finish).
PER_YEAR = {2021: 48, 2022: 85, 2023: 170, 2024: 195, 2025: 215}
COMPANIES = 10
FIRST_NAMES = ["Amina", "Ravi", "Lucía", "Oleksandr", "Thi Lan", "Youssef", "Ana", "Kofi"]
CITIZENSHIPS = ["Indien", "Türkei", "Marokko", "Kamerun", "Tunesien", "Vietnam", "Philippinen"]


def _companies() -> list[tuple[Membership, str]]:
    """The generated companies, each with its HR person and its chamber (half crafts)."""
    made = []
    for number in range(COMPANIES):
        craft = number % 2 == 1
        key = f"demo-history-{number}"
        organisation = Organisation.objects.filter(key=key).first() or organisation_create(
            key=key,
            kind=OrgKind.COMPANY,
            name=f"Demo-Historie {number} GmbH",
            trade=TradeKind.CRAFT if craft else TradeKind.TRADE,
        )
        hr = Membership.objects.filter(organisation=organisation).first() or membership_create(
            organisation=organisation, email=f"hr@demo-history-{number}.example", role=Role.ADVISER
        )
        made.append((hr, "hwk" if craft else "ihk"))
    return made


def _at(day: datetime.date):
    return clock.travel_to(datetime.datetime.combine(day, datetime.time(10), tzinfo=clock.BERLIN))


def _choosing(day: datetime.date) -> bool:
    return datetime.date(2025, 7, 1) <= day <= datetime.date(2025, 12, 31)


def _procedure(rng: random.Random, hr: Membership, chamber: str, year: int, number: int) -> None:
    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(330))
    adviser = cast_membership(f"{chamber}_adviser")
    fields = valid_intake(
        worker_first_name=rng.choice(FIRST_NAMES),
        worker_last_name=f"Historie {year}-{number}",
        worker_citizenship=rng.choice(CITIZENSHIPS),
        worker_passport_number=f"H{year}{number:04}",
        worker_email=f"historie-{year}-{number}@example.org",
    )
    chamber_org = Organisation.objects.get(key=f"{chamber}-hannover")
    # From 1 July to 31 December 2025 the employer chose the authority (domain/authorities.md).
    preference = rng.choice(["local", "zentralstelle"])
    choice = preference if _choosing(day) else ""
    with _at(day):
        fields["job_start_date"] = clock.today() + datetime.timedelta(days=120)
        case = services.case_create(actor=hr, fields=fields)
        case = services.case_submit(
            case=case, actor=hr, chamber=chamber_org, authority_choice=choice
        )
    fate = rng.random()
    if fate < 0.06:
        with _at(day + datetime.timedelta(days=20)):
            services.case_withdraw(case=case, actor=hr, reason="Stelle anderweitig besetzt")
        return
    if fate < 0.12:
        with _at(day + datetime.timedelta(days=9)):
            services.case_advise_no_prospect(
                case=case, actor=adviser, reasons="Die Qualifikation passt nicht zur Stelle."
            )
        with _at(day + datetime.timedelta(days=24)):
            services.case_withdraw(case=case, actor=hr, reason="Keine Erfolgsaussicht")
        return
    if fate < 0.35:
        with _at(day + datetime.timedelta(days=8)):
            case = services.case_return(
                case=case, actor=adviser, missing="Übersetzung des Abschlusszeugnisses"
            )
        again = day + datetime.timedelta(days=8 + rng.randrange(5, 20))
        with _at(again):
            # a resubmission may fall into the window of choice that the first one preceded
            choice = preference if _choosing(again) and not case.authority_choice else ""
            case = services.case_submit(
                case=case, actor=hr, chamber=chamber_org, authority_choice=choice
            )
        day += datetime.timedelta(days=25)
    forward = day + datetime.timedelta(days=rng.randrange(7, 35))
    with _at(forward):
        if _choosing(forward) and not case.authority_choice:
            case = services.case_choose_authority(case=case, actor=hr, choice=preference)
        case_forward(case=case, actor=adviser, reason=PAPER_DOSSIER)


def history_load(*, scale: float = 1.0) -> int:
    """Generate the history (once); the number of procedures made."""
    if Case.objects.filter(company__key__startswith="demo-history-").exists():
        return 0
    rng = random.Random(2021)
    made = 0
    with suppressed(), transaction.atomic():
        companies = _companies()
        for year, count in PER_YEAR.items():
            for number in range(max(1, round(count * scale))):
                hr, chamber = companies[number % len(companies)]
                _procedure(rng, hr, chamber, year, number)
                made += 1
    return made
