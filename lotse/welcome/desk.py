"""The service desk: one place everyone can turn to. An enquiry is one inbox thread (kind
enquiry) addressed to its current handler's organisation; the Welcome Center answers it or hands
it on to a partner's contact person, and the enquirer keeps the one thread with the handler's
name at every step — never "please ask elsewhere". Handing on is a step of the enquiry
(`EnquiryStep`); the new handler reads the whole thread. Handing it to an authority needs the
enquirer's consent. An enquirer without an account reads and answers through a mailed link.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from lotse.core import clock
from lotse.core.decision import Decision
from lotse.core.errors import DomainError
from lotse.core.outbox import mail_create
from lotse.inbox.models import Thread, ThreadKind
from lotse.inbox.services import (
    entry_post,
    entry_post_external,
    thread_readdress,
    thread_start,
    thread_start_external,
)
from lotse.orgs.models import Membership, Organisation, OrgKind
from lotse.welcome.errors import WelcomeError
from lotse.welcome.models import Enquiry, EnquiryStep

SALT = "lotse.welcome.enquiry"
# Public authorities: an enquiry reaches them only with the enquirer's consent.
AUTHORITY_KINDS = frozenset(
    {
        OrgKind.FOREIGNERS_AUTHORITY,
        OrgKind.EMPLOYMENT_AGENCY,
        OrgKind.JOBCENTER,
        OrgKind.RECOGNITION_BODY,
    }
)


def enquiry_token(enquiry: Enquiry) -> str:
    return signing.Signer(salt=SALT).sign(str(enquiry.pk))


def enquiry_from_token(token: str) -> Enquiry | None:
    try:
        pk = signing.Signer(salt=SALT).unsign(token)
        return Enquiry.objects.filter(pk=pk).first()
    except (signing.BadSignature, ValidationError, ValueError):
        return None


def enquiry_link(enquiry: Enquiry) -> str:
    path = reverse("welcome:enquiry_link", args=[enquiry_token(enquiry)])
    return settings.LOTSE_BASE_URL.rstrip("/") + path


def desk_organisation(*, region: str) -> Organisation:
    """The Welcome Center of the region: where every enquiry starts."""
    return Organisation.objects.get(kind=OrgKind.WELCOME_CENTER, region=region)


def _first_handler(organisation: Organisation) -> Membership:
    handler = organisation.default_contact
    if handler is None or not handler.active:
        handler = organisation.memberships.filter(active=True).order_by("created_at").first()
    return handler


def _tell_guest(enquiry: Enquiry, kind: str) -> None:
    if enquiry.enquirer_id is None and enquiry.email:
        mail_create(
            to=enquiry.email,
            kind=kind,
            language=enquiry.language,
            context={"enquiry": str(enquiry.pk)},
        )


@transaction.atomic
def enquiry_start(
    *,
    subject: str,
    text: str,
    region: str,
    enquirer: Membership | None = None,
    name: str = "",
    email: str = "",
    language: str = "",
    case_id=None,
    authority_consent: bool = False,
) -> Enquiry:
    """Send an enquiry to the service desk: a person acting for an organisation (perhaps about a
    case it sees; the caller checked that), or anybody with a name and an e-mail address, who
    gets the thread's link by mail."""
    if enquirer is None:
        if not name.strip():
            raise DomainError(WelcomeError.NAME_MISSING, field="name")
        try:
            validate_email(email.strip())
        except ValidationError:
            raise DomainError(WelcomeError.BAD_EMAIL, field="email") from None
    desk = desk_organisation(region=region)
    handler = _first_handler(desk)
    addressed = {
        "organisation": desk,
        "person": handler.user,
        "subject": subject,
        "text": text,
        "case_id": case_id,
        "kind": ThreadKind.ENQUIRY,
    }
    if enquirer is not None:
        thread = thread_start(sender=enquirer, **addressed)
    else:
        thread = thread_start_external(**addressed)
    enquiry = Enquiry.objects.create(
        thread_id=thread.pk,
        enquirer=enquirer,
        name=name.strip(),
        email=email.strip(),
        language=language,
        handler=handler,
        authority_consent_at=clock.now() if authority_consent else None,
    )
    _tell_guest(enquiry, "welcome.enquiry_received")
    return enquiry


def enquiry_can_hand_on(*, enquiry: Enquiry, actor: Membership | None, to: Membership) -> Decision:
    """The current handler's organisation hands on; to an authority only with consent."""
    if actor is None or actor.organisation_id != enquiry.handler.organisation_id:
        return Decision.no(WelcomeError.NOT_HANDLER)
    if not to.active or to.organisation.kind == OrgKind.COMPANY:
        return Decision.no(WelcomeError.NOT_A_PARTNER)
    if to.organisation.kind in AUTHORITY_KINDS and enquiry.authority_consent_at is None:
        return Decision.no(WelcomeError.CONSENT_NEEDED)
    return Decision.yes()


@transaction.atomic
def enquiry_hand_on(
    *, enquiry: Enquiry, actor: Membership, to: Membership, note: str = ""
) -> Enquiry:
    """Hand the enquiry to `to` (a partner's contact person): the thread is addressed to them
    from now on, with its whole history; the enquirer sees the new handler's name."""
    enquiry = Enquiry.objects.select_for_update().select_related("handler").get(pk=enquiry.pk)
    decision = enquiry_can_hand_on(enquiry=enquiry, actor=actor, to=to)
    if not decision:
        raise DomainError(decision.code)
    EnquiryStep.objects.create(enquiry=enquiry, by=actor, to=to, note=note.strip())
    thread = Thread.objects.get(pk=enquiry.thread_id)
    thread_readdress(thread=thread, organisation=to.organisation, person=to.user)
    enquiry.handler = to
    enquiry.save(update_fields=["handler", "updated_at"])
    _tell_guest(enquiry, "welcome.enquiry_handed_on")
    return enquiry


@transaction.atomic
def enquiry_consent(*, enquiry: Enquiry) -> Enquiry:
    """The enquirer agrees that the enquiry may go to an authority if that is where it belongs."""
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.authority_consent_at is None:
        enquiry.authority_consent_at = clock.now()
        enquiry.save(update_fields=["authority_consent_at", "updated_at"])
    return enquiry


@transaction.atomic
def enquiry_answer(*, enquiry: Enquiry, text: str, actor: Membership | None = None):
    """An answer in the thread: by a reader acting for an organisation (the handler, or the
    enquirer with an account), or by the guest through the link (`actor` None)."""
    enquiry = Enquiry.objects.select_related("handler").get(pk=enquiry.pk)
    thread = Thread.objects.get(pk=enquiry.thread_id)
    if actor is None:
        return entry_post_external(thread=thread, text=text)
    entry = entry_post(thread=thread, author=actor, text=text)
    if actor.organisation_id == enquiry.handler.organisation_id:
        _tell_guest(enquiry, "welcome.enquiry_answered")
    return entry


def enquiry_of_thread(*, thread_id) -> Enquiry | None:
    return (
        Enquiry.objects.select_related("handler__user", "handler__organisation")
        .filter(thread_id=thread_id)
        .first()
    )
