"""The information pages' writes: Welcome Center staff edit them."""

from django.db import transaction

from lotse.core.decision import Decision
from lotse.core.errors import DomainError
from lotse.orgs.models import Membership, OrgKind
from lotse.welcome.errors import WelcomeError
from lotse.welcome.models import InfoPage

PAGE_FIELDS = ("slug", "title_de", "title_en", "body_de", "body_en", "audience", "position")


def info_page_can_edit(*, actor: Membership | None) -> Decision:
    """Information pages are the Welcome Center's: its staff write them."""
    if actor is None or actor.organisation.kind != OrgKind.WELCOME_CENTER:
        return Decision.no(WelcomeError.NOT_WELCOME_STAFF)
    return Decision.yes()


@transaction.atomic
def info_page_save(*, actor: Membership, page: InfoPage | None = None, **fields) -> InfoPage:
    """Create a page, or change `page`; the last editor is kept on it."""
    decision = info_page_can_edit(actor=actor)
    if not decision:
        raise DomainError(decision.code)
    if page is None:
        page = InfoPage()
    else:
        page = InfoPage.objects.select_for_update().get(pk=page.pk)
    for name in PAGE_FIELDS:
        if name in fields:
            setattr(page, name, fields[name])
    page.updated_by = actor.user
    page.save()
    return page
