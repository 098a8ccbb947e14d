"""The Hannover demo story: cases made through the real services, at the dates they happened.

Every worker is a different person: own name, birth date, passport number and e-mail address (all
fictitious; e-mail under example.org, RFC 2606)."""

import datetime
from decimal import Decimal

from lotse.cases import services
from lotse.cases.models import Case
from lotse.core import clock
from lotse.forwarding.services import case_forward, dossier_accept
from lotse.forwarding.testing import delivered
from lotse.orgs.models import Organisation

from .cast import cast_membership
from .procedure_stories import procedure_stories_load

# The demo's cases carry no uploaded files: their advisers forward them stating that the chamber
# holds the documents on paper (the forward guard asks for a reason when the checklist has gaps).
PAPER_DOSSIER = "Die Unterlagen liegen der Kammer vollständig in Papierform vor."


def valid_intake(**overrides) -> dict:
    """A complete intake: a vocational skilled worker with a full equivalence notice."""
    intake = {
        "worker_first_name": "Marko",
        "worker_last_name": "Petrović",
        "worker_birth_date": datetime.date(1994, 3, 8),
        "worker_citizenship": "Serbien",
        "worker_passport_number": "P1234567",
        "worker_email": "marko.petrovic@example.org",
        "worker_languages": [{"language": "de", "level": "A2"}, {"language": "en", "level": "B1"}],
        "worker_pension_provision": False,
        "qualification_level": "vocational",
        "qualification_country": "Serbien",
        "qualification_title": "Elektrotechniker",
        "qualification_date": datetime.date(2013, 6, 28),
        "qualification_state_recognised": True,
        "recognition": "full",
        "zab_comparable": False,
        "experience_years_last_5": 4,
        "it_experience_years_last_7": 0,
        "job_offer": True,
        "job_title": "Elektroniker für Betriebstechnik",
        "job_salary_eur": Decimal("42000.00"),
        "job_weekly_hours": Decimal("40.0"),
        # a quarter ahead of the day the case is made, so the demo never starts in the past
        "job_start_date": clock.today() + datetime.timedelta(days=92),
        "job_requires_qualification": True,
        "job_matches_qualification": True,
        "job_shortage_occupation": False,
        "job_it_specialist": False,
        "job_regulated_profession": False,
        "job_licence_granted": False,
        "job_collective_agreement": False,
        "workplace_postcode": "30159",
        "workplace_municipality": "hannover",
        "residence_postcode": "30159",
        "residence_municipality": "hannover",
        "recognition_partnership": False,
        "first_residence_title": True,
        "consent_given": True,
    }
    return intake | overrides


def _submitted(
    company: str, chamber: str, on: datetime.date, family=(), authority_choice="", **intake
) -> Case:
    with clock.travel_to(on):
        case = services.case_create(actor=cast_membership(company), fields=valid_intake(**intake))
        for member in family:
            services.family_member_add(case=case, actor=cast_membership(company), data=member)
        return services.case_submit(
            case=case,
            actor=cast_membership(company),
            chamber=Organisation.objects.get(key=chamber),
            authority_choice=authority_choice,
        )


def _forwarded(company: str, chamber: str, adviser: str, on: datetime.date, **intake) -> Case:
    case = _submitted(company, chamber, on - datetime.timedelta(days=14), **intake)
    with clock.travel_to(on):
        case = case_forward(case=case, actor=cast_membership(adviser), reason=PAPER_DOSSIER)
        # the demo delivers at once, as the task worker would right after the commit
        delivered(case)
        return case


def stories_load() -> list[Case]:
    """The demo cases; each line says who sees it (the permission tests rely on that)."""
    cases = []
    # 1. A draft at Müller Technik: only the company sees it.
    with clock.travel_to(datetime.date(2026, 11, 20)):
        cases.append(
            services.case_create(
                actor=cast_membership("company_hr"),
                fields=valid_intake(
                    worker_first_name="Aleksandar",
                    worker_last_name="Jovanović",
                    worker_birth_date=datetime.date(1990, 11, 2),
                    worker_passport_number="P0748215",
                    worker_email="aleksandar.jovanovic@example.org",
                    consent_given=False,
                ),
            )
        )
    # 2. An IT specialist with the IHK; the Welcome Center is involved for the family.
    it_case = _submitted(
        "company_hr",
        "ihk-hannover",
        datetime.date(2026, 11, 10),
        worker_first_name="Priya",
        worker_last_name="Raman",
        worker_birth_date=datetime.date(1992, 7, 19),
        worker_passport_number="Z5318204",
        worker_email="priya.raman@example.org",
        worker_citizenship="Indien",
        qualification_level="academic",
        qualification_title="B.Tech. Computer Science",
        qualification_country="Indien",
        recognition="none",
        zab_comparable=True,
        job_title="Softwareentwicklerin",
        job_salary_eur=Decimal("52000.00"),
        job_it_specialist=True,
        job_shortage_occupation=True,
        worker_languages=[{"language": "en", "level": "C1"}],
        family=[
            {
                "relation": "spouse",
                "first_name": "Arjun",
                "last_name": "Raman",
                "birth_date": datetime.date(1991, 5, 2),
                "qualification": "M.Sc. Chemistry",
                "career": "Laborchemiker, sucht eine Stelle in Hannover",
            }
        ],
    )
    with clock.travel_to(datetime.date(2026, 11, 12)):
        services.case_involve_partner(
            case=it_case,
            actor=cast_membership("ihk_adviser"),
            organisation=Organisation.objects.get(key="welcome-center"),
        )
    cases.append(it_case)
    # 3. Forwarded in March 2025 to the city's foreigners authority, which asked for BA consent.
    city = _forwarded(
        "company_hr",
        "ihk-hannover",
        "ihk_adviser",
        datetime.date(2025, 3, 10),
        worker_first_name="Mehmet",
        worker_last_name="Kaya",
        worker_birth_date=datetime.date(1988, 1, 25),
        worker_passport_number="U20931746",
        worker_email="mehmet.kaya@example.org",
        worker_citizenship="Türkei",
        qualification_level="academic",
        qualification_title="Maschinenbauingenieur (B.Sc.)",
        qualification_country="Türkei",
        recognition="none",
        zab_comparable=True,
        job_title="Konstrukteur",
        job_salary_eur=Decimal("56000.00"),
    )
    with clock.travel_to(datetime.date(2025, 3, 12)):
        city = dossier_accept(case=city, actor=cast_membership("abh_city_caseworker"))
    with clock.travel_to(datetime.date(2025, 3, 17)):
        services.case_request_consent(case=city, actor=cast_membership("abh_city_caseworker"))
    cases.append(city)
    # 4. Returned by the IHK for completion.
    nurse = _submitted(
        "company_hr",
        "ihk-hannover",
        datetime.date(2026, 10, 1),
        worker_first_name="Anjali",
        worker_last_name="Nair",
        worker_birth_date=datetime.date(1995, 4, 11),
        worker_passport_number="V6402917",
        worker_email="anjali.nair@example.org",
        worker_citizenship="Indien",
        qualification_title="B.Sc. Nursing",
        qualification_country="Indien",
        recognition="pending",
        job_title="Pflegefachfrau",
        job_regulated_profession=True,
        job_collective_agreement=True,
    )
    with clock.travel_to(datetime.date(2026, 10, 8)):
        services.case_return(
            case=nurse,
            actor=cast_membership("ihk_adviser"),
            missing="Fächer- und Stundenübersicht (Transkript) fehlt.",
        )
    cases.append(nurse)
    # 5. A baker in Langenhagen, forwarded in May 2025 to the Region's authority; Jobcenter involved.
    baker = _forwarded(
        "other_company_hr",
        "hwk-hannover",
        "hwk_adviser",
        datetime.date(2025, 5, 20),
        worker_first_name="Thi Lan",
        worker_last_name="Nguyễn",
        worker_birth_date=datetime.date(1993, 9, 30),
        worker_passport_number="C4127730",
        worker_email="thilan.nguyen@example.org",
        worker_citizenship="Vietnam",
        qualification_title="Bäcker",
        qualification_country="Vietnam",
        job_title="Bäckerin",
        workplace_postcode="30851",
        workplace_municipality="langenhagen",
        residence_postcode="30851",
        residence_municipality="langenhagen",
    )
    with clock.travel_to(datetime.date(2025, 5, 22)):
        services.case_involve_partner(
            case=baker,
            actor=cast_membership("hwk_adviser"),
            organisation=Organisation.objects.get(key="jobcenter-region"),
        )
    cases.append(baker)
    # 6. A confectioner forwarded in February 2026: the Zentralstelle alone is competent; it
    # accepted the dossier two days later.
    confectioner = _forwarded(
        "other_company_hr",
        "hwk-hannover",
        "hwk_adviser",
        datetime.date(2026, 2, 16),
        worker_first_name="Youssef",
        worker_last_name="El Amrani",
        worker_birth_date=datetime.date(1991, 12, 5),
        worker_passport_number="UZ8143259",
        worker_email="youssef.elamrani@example.org",
        worker_citizenship="Marokko",
        qualification_title="Konditor",
        qualification_country="Marokko",
        job_title="Konditor",
        workplace_postcode="30851",
        workplace_municipality="langenhagen",
    )
    with clock.travel_to(datetime.date(2026, 2, 18)):
        confectioner = dossier_accept(
            case=confectioner, actor=cast_membership("zentralstelle_caseworker")
        )
    cases.append(confectioner)
    # 7. In the 2025 transition Müller Technik chose the local authority when submitting, then
    # changed its mind before forwarding: the Zentralstelle.
    chosen = _submitted(
        "company_hr",
        "ihk-hannover",
        datetime.date(2025, 9, 1),
        authority_choice="local",
        worker_first_name="Carlos",
        worker_last_name="Mendoza",
        worker_birth_date=datetime.date(1989, 6, 14),
        worker_passport_number="AV315702",
        worker_email="carlos.mendoza@example.org",
        worker_citizenship="Kolumbien",
        qualification_title="Mechatroniker",
        qualification_country="Kolumbien",
        job_title="Mechatroniker",
    )
    with clock.travel_to(datetime.date(2025, 9, 2)):
        services.case_choose_authority(
            case=chosen, actor=cast_membership("company_hr"), choice="zentralstelle"
        )
    with clock.travel_to(datetime.date(2025, 9, 15)):
        chosen = case_forward(
            case=chosen, actor=cast_membership("ihk_adviser"), reason=PAPER_DOSSIER
        )
        delivered(chosen)
        cases.append(chosen)
    # 8.–12. In the § 81a procedure at the Zentralstelle (procedure_stories.py).
    cases.extend(procedure_stories_load(_procedure_worker))
    return cases


def _procedure_worker(last_name: str, on: datetime.date, **intake) -> Case:
    """A Müller Technik case pre-checked and forwarded by the IHK on `on`: a worker of their own."""
    number = sum(ord(c) for c in last_name)
    person = {
        "worker_last_name": last_name,
        "worker_birth_date": datetime.date(1985 + number % 12, 1 + number % 12, 1 + number % 27),
        "worker_passport_number": f"PX{number:07d}",
        "worker_email": f"{last_name.lower().replace('í', 'i')}@example.org",
    }
    return _forwarded("company_hr", "ihk-hannover", "ihk_adviser", on, **(person | intake))
