"""Demo history 2021–2025 for the statistics: generated procedures made through the services with
the clock travelled to the days they happened, so the dashboard shows a real picture.

Labelled as demo: the workers are "Historie <year>-<n>" (fictitious, e-mail under example.org),
in ten generated companies ("Demo-Historie <n> GmbH") apart from the named cast, so the cast's
visibility tests stay exact. Volumes follow the seed's growth (domain/figures.md: 40 accelerated
procedures completed in the Region Hannover in 2021, 149 in 2023): each year's procedures are
dealt fates (`FATES`) — completed with the pre-approval in the same year, refused after the
agency refused its consent, withdrawn, advised as having no prospect, and a few of 2025 still
in the procedure. A completed one runs the whole way: submission (a quarter returned for
completion and resubmitted), forwarding to the authority competent on the day (a few dossiers
rejected once and forwarded again), acceptance, the agreement drafted, signed by both sides
with their scans and concluded, the agency's consent (given in the week, later, or deemed
given), for a third the recognition at the chamber, and the pre-approval. Each plan is made
first without the database (`plans`, the same on every run), then carried out. Before 2023 no
pre-check is run (the engine's law starts in 2023); none is run here on purpose.

Not part of the tests' demo fixture: a command of its own (`manage.py demo_history`), which
`bin/start` runs after `demo_load`. Running it again adds nothing.
"""

import datetime
import io
import random
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from pypdf import PdfWriter

from lotse.cases import services
from lotse.cases.models import Case
from lotse.cases.notifications import suppressed
from lotse.core import clock
from lotse.deadlines.services import consent_week_expire
from lotse.documents.services import document_upload
from lotse.forwarding.services import case_forward, current_submission, dossier_reject
from lotse.forwarding.testing import delivered
from lotse.orgs.models import Membership, Organisation, OrgKind, Role, TradeKind
from lotse.orgs.services import membership_create, organisation_create
from lotse.procedure import services as procedure
from lotse.procedure.acceptance import into_procedure

from .cast import cast_membership
from .stories import PAPER_DOSSIER, valid_intake

# The fate of the procedures started in each year. Those that complete get their pre-approval in
# the year they started, so "completed" per year is the seed's: 40 in 2021, 149 in 2023
# (domain/figures.md; 2022, 2024 and 2025 are not published and lie on the growth between).
FATES = {
    2021: {"completed": 40, "withdrawn": 3, "no_prospect": 3, "refused": 2},
    2022: {"completed": 72, "withdrawn": 5, "no_prospect": 5, "refused": 3},
    2023: {"completed": 149, "withdrawn": 9, "no_prospect": 8, "refused": 4},
    2024: {"completed": 168, "withdrawn": 11, "no_prospect": 10, "refused": 6},
    2025: {"completed": 180, "withdrawn": 12, "no_prospect": 10, "refused": 6, "open": 7},
}
PER_YEAR = {year: sum(fates.values()) for year, fates in FATES.items()}
COMPANIES = 10
FIRST_NAMES = ["Amina", "Ravi", "Lucía", "Oleksandr", "Thi Lan", "Youssef", "Ana", "Kofi"]
CITIZENSHIPS = ["Indien", "Türkei", "Marokko", "Kamerun", "Tunesien", "Vietnam", "Philippinen"]
# The last day a completing procedure may end on: its pre-approval falls into its own year.
LAST_DAY = 355


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


@dataclass
class Plan:
    """One generated procedure: its fate and its steps as (days after the first submission,
    step, arguments), in the order they happen."""

    year: int
    number: int
    fate: str
    start: datetime.date
    first_name: str
    citizenship: str
    preference: str
    steps: list[tuple[int, str, dict]] = field(default_factory=list)

    def day(self, offset: int) -> datetime.date:
        return self.start + datetime.timedelta(days=offset)

    def on(self, step: str) -> datetime.date | None:
        """The day of the (last) `step`, if planned."""
        days = [offset for offset, name, _arguments in self.steps if name == step]
        return self.day(days[-1]) if days else None


def _steps(rng: random.Random, fate: str) -> list[tuple[int, str, dict]]:
    """The steps of one procedure by its fate, each track in its own order; sorted by day."""
    steps: list[tuple[int, str, dict]] = [(0, "submit", {})]
    if fate == "withdrawn":
        return [*steps, (20, "withdraw", {"reason": "Stelle anderweitig besetzt"})]
    if fate == "no_prospect":
        return [
            *steps,
            (9, "no_prospect", {}),
            (24, "withdraw", {"reason": "Keine Erfolgsaussicht"}),
        ]
    base = 0
    if rng.random() < 0.23:
        steps += [(8, "return", {}), (8 + rng.randrange(5, 20), "submit", {})]
        base = 25
    forward = base + rng.randrange(7, 35)
    steps.append((forward, "forward", {}))
    if rng.random() < 0.06:  # the authority finds the dossier incomplete once
        steps += [(forward + rng.randrange(3, 8), "reject", {}), (forward + 14, "forward", {})]
        forward += 14
    accept = forward + rng.randrange(2, 10)
    steps.append((accept, "accept", {}))
    if fate == "open":  # still in the procedure: the agreement drafted, nothing more yet
        return _sorted([*steps, (accept + rng.randrange(2, 8), "draft", {})])
    consent = accept + rng.randrange(1, 6)
    steps.append((consent, "request_consent", {}))
    if fate == "refused":
        decided = consent + rng.randrange(3, 7)
        steps += [(decided, "refuse_consent", {}), (decided + rng.randrange(3, 10), "refuse", {})]
        return _sorted(steps)
    draw = rng.random()
    if draw < 0.1:  # the week passed without an answer (§ 36 Abs. 2 S. 2 BeschV)
        decided = consent + 12  # the week, a weekend and holidays past its end (§ 193 BGB)
        steps.append((decided, "deem_consent", {}))
    else:  # given, one in ten after the week
        decided = consent + (rng.randrange(8, 13) if draw < 0.2 else rng.randrange(1, 7))
        steps.append((decided, "give_consent", {}))
    draft = accept + rng.randrange(2, 8)
    employer = draft + rng.randrange(2, 9)
    authority = employer + rng.randrange(1, 4)
    concluded = authority + rng.randrange(1, 3)
    steps += [
        (draft, "draft", {}),
        (employer, "sign", {"side": "employer"}),
        (authority, "sign", {"side": "authority"}),
        (concluded, "conclude", {}),
    ]
    ready = max(decided, concluded)
    if rng.random() < 0.35:  # recognition at the chamber (§ 14a BQFG: two months)
        applied = accept + rng.randrange(1, 4)
        receipt = applied + rng.randrange(3, 14)
        recognised = receipt + rng.randrange(25, 70)
        partial = rng.random() < 0.2
        steps += [
            (applied, "recognition_apply", {}),
            (receipt, "recognition_receipt", {}),
            (recognised, "recognition_decide", {"partial": partial}),
        ]
        ready = max(ready, recognised)
    steps.append((ready + rng.randrange(1, 7), "preapprove", {}))
    return _sorted(steps)


def _sorted(steps):
    # by day; on one day in the order planned (each track's steps are planned in their order)
    return sorted(steps, key=lambda step: step[0])


def plans(*, scale: float = 1.0) -> list[Plan]:
    """Every generated procedure, planned without the database (the same on every run)."""
    rng = random.Random(2021)
    made = []
    for year, fates in FATES.items():
        deck = [fate for fate, count in fates.items() for _n in range(count)]
        rng.shuffle(deck)
        for number, fate in enumerate(deck[: max(1, round(len(deck) * scale))]):
            steps = _steps(rng, fate)
            length = steps[-1][0]
            if fate == "open":
                first = 300 + rng.randrange(30)
            elif fate in ("completed", "refused"):
                first = rng.randrange(max(1, LAST_DAY - length))
            else:
                first = rng.randrange(330)
            made.append(
                Plan(
                    year=year,
                    number=number,
                    fate=fate,
                    start=datetime.date(year, 1, 1) + datetime.timedelta(days=first),
                    first_name=rng.choice(FIRST_NAMES),
                    citizenship=rng.choice(CITIZENSHIPS),
                    preference=rng.choice(["local", "zentralstelle"]),
                    steps=steps,
                )
            )
    return made


@lru_cache(maxsize=1)
def _scan() -> bytes:
    """A blank one-page PDF: the stand-in for a scanned signed agreement."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class _Run:
    """Carries one planned procedure out through the services, each step on its day."""

    def __init__(self, plan: Plan, hr: Membership, chamber: str):
        self.plan, self.hr, self.chamber = plan, hr, chamber
        self.adviser = cast_membership(f"{chamber}_adviser")
        self.chamber_org = Organisation.objects.get(key=f"{chamber}-hannover")
        self.case: Case | None = None

    def authority(self) -> Membership:
        """A caseworker of the authority the dossier went to (competent on that day)."""
        destination = current_submission(self.case).destination_id
        return _caseworker(destination)

    def submit(self, day: datetime.date) -> None:
        plan = self.plan
        # From 1 July to 31 December 2025 the employer chose the authority (authorities.md);
        # a resubmission may fall into the window that the first submission preceded.
        if self.case is None:
            fields = valid_intake(
                worker_first_name=plan.first_name,
                worker_last_name=f"Historie {plan.year}-{plan.number}",
                worker_citizenship=plan.citizenship,
                worker_passport_number=f"H{plan.year}{plan.number:04}",
                worker_email=f"historie-{plan.year}-{plan.number}@example.org",
            )
            fields["job_start_date"] = day + datetime.timedelta(days=120)
            self.case = services.case_create(actor=self.hr, fields=fields)
        choice = plan.preference if _choosing(day) and not self.case.authority_choice else ""
        self.case = services.case_submit(
            case=self.case, actor=self.hr, chamber=self.chamber_org, authority_choice=choice
        )

    def step(self, day: datetime.date, name: str, arguments: dict) -> None:
        case, hr, adviser = self.case, self.hr, self.adviser
        if name == "submit":
            self.submit(day)
        elif name == "withdraw":
            services.case_withdraw(case=case, actor=hr, reason=arguments["reason"])
        elif name == "no_prospect":
            services.case_advise_no_prospect(
                case=case, actor=adviser, reasons="Die Qualifikation passt nicht zur Stelle."
            )
        elif name == "return":
            self.case = services.case_return(
                case=case, actor=adviser, missing="Übersetzung des Abschlusszeugnisses"
            )
        elif name == "forward":
            if _choosing(day) and not case.authority_choice:
                case = services.case_choose_authority(
                    case=case, actor=hr, choice=self.plan.preference
                )
            self.case = case_forward(case=case, actor=adviser, reason=PAPER_DOSSIER)
        elif name == "reject":
            delivered(case)
            self.case = dossier_reject(
                case=Case.objects.get(pk=case.pk),
                actor=self.authority(),
                reasons="Der Arbeitsvertrag fehlt in den Unterlagen.",
            )
        elif name == "accept":
            self.case = into_procedure(case=case, actor=self.authority())
        else:
            self.procedure_step(name, arguments)

    def procedure_step(self, name: str, arguments: dict) -> None:
        case, authority = self.case, self.authority()
        if name == "request_consent":
            services.case_request_consent(case=case, actor=authority)
        elif name in ("give_consent", "refuse_consent"):
            given = name == "give_consent"
            reason = "" if given else REFUSAL
            services.case_decide_consent(
                case=case, actor=cast_membership("aa_caseworker"), given=given, reason=reason
            )
        elif name == "deem_consent":
            # the week passed without an answer: the platform marks it (`periodic`), the
            # authority confirms the deemed consent (§ 36 Abs. 2 S. 2 BeschV)
            consent_week_expire(case_id=case.pk, today=clock.today())
            procedure.consent_confirm_deemed(case=case, actor=authority)
        elif name == "refuse":
            procedure.procedure_refuse(case=case, actor=authority, reasons=REFUSAL_REASONS)
        elif name == "draft":
            procedure.agreement_draft(case=case, actor=authority)
        elif name == "sign":
            signer = self.hr if arguments["side"] == "employer" else authority
            upload = SimpleUploadedFile("scan.pdf", _scan(), content_type="application/pdf")
            signed = document_upload(
                case=case, actor=signer, kind="agreement_signed", upload=upload
            )
            procedure.agreement_sign(case=case, actor=signer, document=signed.pk)
        elif name == "conclude":
            procedure.agreement_conclude(case=case, actor=authority, fee_debtor="employer")
        elif name == "recognition_apply":
            occupation = "ihk_occupation" if self.chamber == "ihk" else "craft_occupation"
            procedure.recognition_apply(case=case, actor=authority, occupation=occupation)
        elif name == "recognition_receipt":
            record = procedure.recognition_recorder("recognition.receipt_confirmed")
            record(case=case, actor=self.adviser)
        elif name == "recognition_decide":
            record = procedure.recognition_recorder("recognition.decided")
            partial = arguments["partial"]
            record(
                case=case,
                actor=self.adviser,
                outcome="partial" if partial else "full",
                measure=MEASURE if partial else "",
            )
        elif name == "preapprove":
            procedure.preapproval_issue(case=case, actor=authority)
        else:
            raise ValueError(f"no such step: {name}")

    def run(self) -> Case:
        for offset, name, arguments in self.plan.steps:
            day = self.plan.day(offset)
            with _at(day):
                self.step(day, name, arguments)
        return self.case


REFUSAL = (
    "Die Beschäftigung erfolgt nicht zu vergleichbaren Arbeitsbedingungen "
    "(§ 39 Abs. 2 S. 1 Nr. 1 AufenthG)."
)
REFUSAL_REASONS = "Die Agentur für Arbeit hat die Zustimmung versagt (§ 39 AufenthG)."
MEASURE = "Anpassungsqualifizierung von drei Monaten im Betrieb (§ 11 BQFG)."


@lru_cache(maxsize=8)
def _caseworker_id(organisation_id) -> int:
    found = Membership.objects.filter(organisation_id=organisation_id, role=Role.ADVISER)
    return found.order_by("created_at").values_list("pk", flat=True).first()


def _caseworker(organisation_id) -> Membership:
    return Membership.objects.select_related("organisation", "user").get(
        pk=_caseworker_id(organisation_id)
    )


def history_load(*, scale: float = 1.0) -> int:
    """Generate the history (once); the number of procedures made."""
    if Case.objects.filter(company__key__startswith="demo-history-").exists():
        return 0
    _caseworker_id.cache_clear()
    made = 0
    with suppressed(), transaction.atomic():
        companies = _companies()
        for plan in plans(scale=scale):
            hr, chamber = companies[plan.number % len(companies)]
            _Run(plan, hr, chamber).run()
            made += 1
    return made
