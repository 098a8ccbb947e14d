"""The Welcome Center's demo offers: events in the coming weeks, the information pages and a few
first-consultation slots, made through the services like everything else in the demo."""

import datetime

from lotse.core import clock
from lotse.demo.cast import cast_membership
from lotse.welcome.models import Event, InfoPage
from lotse.welcome.pages import info_page_save
from lotse.welcome.services import event_create
from lotse.welcome.slots import slot_publish

PAGES = [
    {
        "slug": "chancen",
        "title_de": "Chancen der Fachkräfteeinwanderung",
        "title_en": "Opportunities of skilled immigration",
        "audience": "both",
        "body_de": (
            "## Fachkräfte aus dem Ausland\n\n"
            "Unternehmen in der Region Hannover können Fachkräfte mit Berufsausbildung oder "
            "Studium aus Drittstaaten einstellen. Das **beschleunigte Fachkräfteverfahren** "
            "(§ 81a AufenthG) verkürzt den Weg zum Visum: Der Arbeitgeber stellt den Antrag "
            "mit Vollmacht der Fachkraft bei der zuständigen Ausländerbehörde.\n\n"
            "* Anerkennung der Qualifikation innerhalb von zwei Monaten (§ 14a BQFG)\n"
            "* Zustimmung der Bundesagentur für Arbeit innerhalb einer Woche "
            "(§ 36 Abs. 2 BeschV)\n"
            "* Termin bei der Auslandsvertretung innerhalb von drei Wochen "
            "(§ 31a AufenthV)\n"
        ),
        "body_en": (
            "## Skilled workers from abroad\n\n"
            "Companies in the Hannover region can employ skilled workers with vocational "
            "training or a degree from third countries. The **accelerated skilled-worker "
            "procedure** (§ 81a AufenthG) shortens the way to the visa: the employer applies "
            "to the competent foreigners authority with the worker's power of attorney.\n\n"
            "* Recognition of the qualification within two months (§ 14a BQFG)\n"
            "* Consent of the Federal Employment Agency within one week (§ 36 Abs. 2 BeschV)\n"
            "* Appointment at the mission abroad within three weeks (§ 31a AufenthV)\n"
        ),
    },
    {
        "slug": "kosten",
        "title_de": "Kosten",
        "title_en": "Costs",
        "audience": "companies",
        "body_de": (
            "| Posten | Betrag | Grundlage |\n|---|---|---|\n"
            "| Gebühr des beschleunigten Verfahrens (je Fachkraft, Familie inbegriffen) "
            "| 411 € | § 47 Abs. 1 Nr. 15 AufenthV |\n"
            "| Visum | 75 € | § 46 Abs. 2 Nr. 1 AufenthV |\n\n"
            "Übersetzungen, Beglaubigungen und die Anerkennung kosten zusätzlich."
        ),
        "body_en": (
            "| Item | Amount | Basis |\n|---|---|---|\n"
            "| Fee of the accelerated procedure (per worker, family included) "
            "| 411 € | § 47 Abs. 1 Nr. 15 AufenthV |\n"
            "| Visa | 75 € | § 46 Abs. 2 Nr. 1 AufenthV |\n\n"
            "Translations, certified copies and the recognition cost extra."
        ),
    },
]

EVENTS = [
    {
        "kind": "information",
        "title_de": "Infoabend: das beschleunigte Fachkräfteverfahren",
        "title_en": "Information evening: the accelerated skilled-worker procedure",
        "description_de": "Ablauf, Fristen und Unterlagen nach § 81a AufenthG, mit Fragerunde.",
        "description_en": "Steps, periods and documents under § 81a AufenthG, with questions.",
        "place": "Haus der Region, Hildesheimer Straße 18, 30169 Hannover",
        "audience": "companies",
        "capacity": 40,
        "days": 14,
    },
    {
        "kind": "training",
        "title_de": "Interkulturelle Kompetenz im Betrieb",
        "title_en": "Intercultural competence at work",
        "description_de": "Training für Führungskräfte und Teams, die neue Kolleginnen und "
        "Kollegen aus dem Ausland aufnehmen.",
        "description_en": "Training for managers and teams welcoming new colleagues from abroad.",
        "online_url": "https://meet.wirtschaftsfoerderung-hannover.example/interkulturell",
        "audience": "companies",
        "capacity": 20,
        "days": 21,
    },
    {
        "kind": "exchange",
        "title_de": "Austausch: Ankommen in der Region Hannover",
        "title_en": "Exchange: arriving in the Hannover region",
        "description_de": "Fachkräfte und Unternehmen berichten von ihren Erfahrungen.",
        "description_en": "Skilled workers and companies share their experience.",
        "place": "Welcome Center, Vahrenwalder Straße 7, 30165 Hannover",
        "audience": "both",
        "capacity": 2,
        "days": 28,
    },
]


def _at(days: int, hour: int) -> datetime.datetime:
    day = clock.today() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=clock.BERLIN)


def welcome_load() -> None:
    """The offers, once (a second load finds them and adds nothing)."""
    if Event.objects.exists() or InfoPage.objects.exists():
        return
    lead, adviser = cast_membership("welcome_lead"), cast_membership("welcome_adviser")
    for position, page in enumerate(PAGES):
        info_page_save(actor=lead, position=position, **page)
    for offer in EVENTS:
        fields = {key: value for key, value in offer.items() if key != "days"}
        starts_at = _at(offer["days"], 17)
        event_create(
            actor=adviser,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            **fields,
        )
    for key, days in (("ihk_adviser", 7), ("welcome_adviser", 8), ("hwk_adviser", 9)):
        start = _at(days, 10)
        slot_publish(
            actor=cast_membership(key),
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=45),
            place="Online (link by mail)",
        )
