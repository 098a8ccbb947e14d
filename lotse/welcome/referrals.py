"""Employer services linked in: their staff refer a company to a first consultation or to a case's
contact person and see how the referral progresses — with the company's consent, the stage only
(`referral_progress`), no case data. The company is told in its inbox and agrees or declines there.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from lotse.cases.models import Case
from lotse.cases.states import CaseState
from lotse.cases.visibility import case_get_for
from lotse.core import clock
from lotse.core.decision import Decision
from lotse.core.errors import DomainError
from lotse.inbox.services import notice_post
from lotse.orgs.models import Membership, Organisation, OrgKind, UnitKind
from lotse.welcome.errors import WelcomeError
from lotse.welcome.models import Referral, ReferralKind, Slot

# The employer services: the Agentur für Arbeit's and the Jobcenter's Arbeitgeber-Service and the
# Region's business development (Wirtschaftsförderung, which runs the Welcome Center).
REFERRING_KINDS = frozenset({OrgKind.EMPLOYMENT_AGENCY, OrgKind.JOBCENTER, OrgKind.WELCOME_CENTER})
FORWARDED_STATES = {"forwarded", "in_procedure"}
COMPLETED_STATES = {"completed"}


class Progress:
    """The stages a referrer may see, in order."""

    ASKED = _("waiting for the company's consent")
    DECLINED = _("the company declined to share progress")
    REFERRED = _("referred")
    BOOKED = _("consultation booked")
    OPENED = _("case opened")
    FORWARDED = _("forwarded to the authority")
    COMPLETED = _("completed")


NOTICE_BODIES = {
    ReferralKind.CONSULTATION: gettext_noop(
        "%(referrer)s recommends that your company book a first consultation with an adviser of "
        "the IHK, the HWK or the Welcome Center. On the page of referrals you can agree that "
        "they may follow the progress (booked, case opened, forwarded, completed); they never "
        "see case data."
    ),
    ReferralKind.CONTACT: gettext_noop(
        "%(referrer)s recommends that your company turn to the contact person named in your "
        "case. On the page of referrals you can agree that they may follow the case's progress "
        "(case opened, forwarded, completed); they never see case data."
    ),
}


# Where the organisation is split into units, only these refer: the Agentur für Arbeit's consent
# team decides on consent (§ 39 AufenthG) and does not court the companies it decides for.
REFERRING_UNITS = frozenset({UnitKind.EMPLOYER_SERVICE, UnitKind.BUSINESS_DEVELOPMENT})


def referral_can_create(*, actor: Membership | None) -> Decision:
    """Staff of the employer services refer: by the organisation's kind, and within it by unit
    (a member in no unit acts for the organisation as a whole)."""
    if actor is None or actor.organisation.kind not in REFERRING_KINDS or not actor.active:
        return Decision.no(WelcomeError.NOT_REFERRER)
    if actor.unit_id is not None and actor.unit.kind not in REFERRING_UNITS:
        return Decision.no(WelcomeError.NOT_REFERRER)
    return Decision.yes()


@transaction.atomic
def referral_create(
    *, actor: Membership, company: Organisation, kind: str, note: str = ""
) -> Referral:
    """Refer `company`; it finds the referral in its inbox and agrees to share the progress."""
    decision = referral_can_create(actor=actor)
    if not decision:
        raise DomainError(decision.code)
    if company.kind != OrgKind.COMPANY or company.region != actor.organisation.region:
        raise DomainError(WelcomeError.NOT_COMPANY)
    referral = Referral.objects.create(
        referrer=actor, company=company, kind=ReferralKind(kind), note=note.strip()
    )
    notice_post(
        organisation=company,
        subject=gettext_noop("%(referrer)s refers you to the Welcome Center's offers"),
        body=NOTICE_BODIES[referral.kind],
        params={"referrer": str(actor.organisation)},
        dedupe_key=f"welcome.referral:{referral.pk}",
    )
    return referral


@transaction.atomic
def referral_answer(
    *, actor: Membership, referral: Referral, consent: bool, case_id=None
) -> Referral:
    """The company agrees (or declines) that the referrer follows the progress; for a referral to
    a case's contact person it names the case whose stage the referrer may see."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if actor.organisation_id != referral.company_id or actor.organisation.kind != OrgKind.COMPANY:
        raise DomainError(WelcomeError.NOT_COMPANY)
    if consent and case_id and referral.kind == ReferralKind.CONTACT:
        case = case_get_for(user=actor.user, case_id=case_id)
        if case.company_id != referral.company_id:
            raise DomainError(WelcomeError.NOT_COMPANY)
        referral.case_id = case.pk
    now = clock.now()
    referral.consented_at, referral.declined_at = (now, None) if consent else (None, now)
    referral.save(update_fields=["consented_at", "declined_at", "case_id", "updated_at"])
    return referral


def referrals_link_booking(*, slot: Slot) -> int:
    """A company's booking fulfils its open consultation referrals (called in `slot_book`)."""
    open_ones = Referral.objects.filter(
        company_id=slot.booked_by.organisation_id,
        kind=ReferralKind.CONSULTATION,
        slot__isnull=True,
    )
    return open_ones.update(slot=slot, case_id=slot.case_id, updated_at=clock.now())


def referral_progress(referral: Referral, states: dict) -> str:
    """The stage the referrer sees; nothing of the case but its stage, and only with consent."""
    if referral.declined_at is not None:
        return str(Progress.DECLINED)
    if referral.consented_at is None:
        return str(Progress.ASKED)
    state = states.get(referral.case_id)
    if state in COMPLETED_STATES:
        return str(Progress.COMPLETED)
    if state in FORWARDED_STATES:
        return str(Progress.FORWARDED)
    if state is not None and state != CaseState.DRAFT:
        return str(Progress.OPENED)
    # a booking opens a draft for the consultation: "booked" until the company submits it
    if referral.slot_id is not None:
        return str(Progress.BOOKED)
    return str(Progress.OPENED) if state is not None else str(Progress.REFERRED)


def referrals_of_referrer(*, actor: Membership) -> list[tuple[Referral, str]]:
    """The referrer's organisation's referrals with their progress. Reads the cases' state
    without `visible_to`, on purpose: the referrer takes no part in the case and sees only its
    stage, and only where the company consented (`referral_progress`)."""
    referrals = list(
        Referral.objects.filter(referrer__organisation=actor.organisation)
        .select_related("company", "referrer__user", "slot")
        .order_by("-created_at")[:200]
    )
    consented = [r.case_id for r in referrals if r.case_id and r.consented_at]
    states = dict(Case.objects.filter(pk__in=consented).values_list("pk", "state"))
    return [(referral, referral_progress(referral, states)) for referral in referrals]


def referrals_of_company(*, actor: Membership) -> QuerySet[Referral]:
    return Referral.objects.filter(company=actor.organisation).select_related(
        "referrer__user", "referrer__organisation"
    )


def companies_to_refer(*, actor: Membership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrgKind.COMPANY, region=actor.organisation.region)
