"""The mail with the worker's upload link: the link and the company's name, nothing else."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from lotse.core.models import OutboxMail
from lotse.core.outbox import mail_kind
from lotse.documents.links import MAIL_KIND, link_url
from lotse.documents.models import UploadLink


@mail_kind(MAIL_KIND)
def render_upload_link_mail(mail: OutboxMail) -> tuple[str, str]:
    """In German and English: the worker abroad has no account that would hold a language."""
    link = UploadLink.objects.select_related("case__company").get(pk=mail.context["link"])
    parts = {}
    for lang in ("de", "en"):
        with translation.override(lang):
            parts[lang] = (
                _("Documents for %(company)s") % {"company": link.case.company.name},
                _(
                    "%(company)s asks you to upload the documents for your application "
                    "through this link:\n\n%(link)s\n\nThe link is valid until %(date)s."
                )
                % {
                    "company": link.case.company.name,
                    "link": link_url(link),
                    "date": link.expires_at.date().isoformat(),
                },
            )
    subject = f"{parts['de'][0]} / {parts['en'][0]}"
    body = f"{parts['de'][1]}\n\n---\n\n{parts['en'][1]}\n"
    return subject, body
