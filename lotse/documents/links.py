"""The worker's upload link: made and mailed on the company's request, revocable, expiring.

The token is the link's id signed with the secret key (`django.core.signing.Signer`), so nothing secret
is stored and a guessed or altered token does not verify. An expired, revoked or unknown link and a
bad token are refused alike, without saying which.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.cases.guards import acts_for_company
from lotse.cases.log import event_append
from lotse.cases.models import Case, CaseAccess
from lotse.cases.states import CaseState
from lotse.core import clock
from lotse.core.decision import Decision
from lotse.core.errors import DomainError
from lotse.core.outbox import mail_create
from lotse.documents.errors import DocumentError
from lotse.documents.models import UploadLink
from lotse.orgs.models import Membership

SALT = "lotse.documents.upload-link"
MAIL_KIND = "documents.upload_link"


def link_token(link: UploadLink) -> str:
    # no time stamp in the signature: the same link always has the same address (expiry is the
    # row's, so that it can be revoked and the mail rendered again on a retry)
    return signing.Signer(salt=SALT).sign(str(link.pk))


def link_url(link: UploadLink) -> str:
    return settings.LOTSE_BASE_URL.rstrip("/") + reverse("documents:link", args=[link_token(link)])


def link_resolve(token: str) -> UploadLink | None:
    """The usable link behind `token`, or None for any token that does not open one."""
    try:
        link_id = uuid.UUID(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    link = UploadLink.objects.select_related("case__company").filter(pk=link_id).first()
    if link is None or not link.usable(clock.now()):
        return None
    return link


# Links are sent while the dossier is put together and pre-checked (until forwarding).
LINKABLE = frozenset({CaseState.DRAFT, CaseState.SUBMITTED, CaseState.RETURNED})


def link_can_send(*, case: Case, actor: Membership | None) -> Decision:
    """The company's HR staff send the worker an upload link until the case is forwarded."""
    if not acts_for_company(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if case.state not in LINKABLE:
        return Decision.no(CaseError.WRONG_STATE)
    return Decision.yes()


def link_can_revoke(*, case: Case, actor: Membership | None) -> Decision:
    """The company's HR staff revoke a link of the case that is still usable."""
    if not acts_for_company(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    now = clock.now()
    if not any(link.usable(now) for link in case_links(case)):
        return Decision.no(CaseError.WRONG_STATE)
    return Decision.yes()


def link_send(*, case: Case, actor: Membership, email: str, days: int | None = None) -> UploadLink:
    """Make a link for `case` and mail it to the worker at `email` (the company's HR staff)."""
    decision = link_can_send(case=case, actor=actor)
    if not decision:
        raise DomainError(decision.code)
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(DocumentError.BAD_EMAIL, field="email") from None
    valid_days = days or settings.LOTSE_UPLOAD_LINK_DAYS
    case.__dict__.pop("_upload_links", None)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        link = UploadLink.objects.create(
            case=case,
            email=email,
            created_by=actor.user,
            expires_at=clock.now() + datetime.timedelta(days=valid_days),
        )
        event_append(
            case=case,
            actor=actor,
            type=EventType.UPLOAD_LINK_SENT,
            payload={
                "link": str(link.pk),
                "email": email,
                "expires_at": link.expires_at.isoformat(),
            },
        )
        mail_create(to=email, kind=MAIL_KIND, context={"link": str(link.pk)})
    return link


def link_revoke(*, link: UploadLink, actor: Membership, case: Case | None = None) -> UploadLink:
    """Revoke `link` (of `case`, when the step table names it): it opens nothing from now on."""
    if case is not None and link.case_id != case.pk:
        raise DomainError(DocumentError.NOT_OF_THIS_CASE, field="link")
    if not acts_for_company(actor, link.case):
        raise DomainError(CaseError.NOT_YOUR_STEP)
    if case is not None:
        case.__dict__.pop("_upload_links", None)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=link.case_id)
        if link.revoked_at is None:
            link.revoked_at = clock.now()
            link.save(update_fields=["revoked_at", "updated_at"])
            event_append(
                case=case,
                actor=actor,
                type=EventType.UPLOAD_LINK_REVOKED,
                payload={"link": str(link.pk)},
            )
    return link


def link_read(*, link: UploadLink, action: str) -> None:
    """The read log names the link, not a user, when the worker opens the case's upload page."""
    now = clock.now()
    CaseAccess.objects.create(
        case_id=link.case_id, user=None, link_id=link.pk, action=action, at=now
    )
    UploadLink.objects.filter(pk=link.pk).update(last_used_at=now)


def case_links(case: Case) -> list[UploadLink]:
    """The upload links of `case`, newest first: where the case page read the case's log, from
    the log once per case object (the guard and the page's list ask it); otherwise the rows."""
    read = case.__dict__.get("_upload_links")
    if read is None and case.__dict__.get("_timeline") is not None:
        read = case.__dict__["_upload_links"] = links_from_log(case)
    if read is None:
        read = list(UploadLink.objects.filter(case=case).order_by("-created_at"))
    return read


def links_from_log(case: Case) -> list[UploadLink]:
    """The case's links as its log (read already by the page) records them: sent (with the
    address and expiry) and revoked; unsaved copies for showing, newest first."""
    links: dict = {}
    for event in case.__dict__["_timeline"]:
        if event.type == EventType.UPLOAD_LINK_SENT:
            data = getattr(event, "data", None) or event.payload
            email = data.get("email")
            links[event.payload["link"]] = UploadLink(
                id=event.payload["link"],
                case_id=case.pk,
                email=email if isinstance(email, str) else "",
                expires_at=datetime.datetime.fromisoformat(event.payload["expires_at"]),
                created_at=event.at,
            )
        elif event.type == EventType.UPLOAD_LINK_REVOKED and event.payload["link"] in links:
            links[event.payload["link"]].revoked_at = event.at
    return list(reversed(links.values()))
