"""A case's documents: every version kept, the newest current; the file itself in storage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Case, FamilyMember
from lotse.core import clock
from lotse.core.models import BaseModel
from lotse.documents.kinds import DocumentKind


class UploadLink(BaseModel):
    """A link the company sends the worker abroad: upload to one case, no account, until it
    expires or is revoked. The token is not stored: it is the link's id signed with the secret key
    (`links.py`), so the database alone cannot open a link."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="upload_links")
    # the worker's address the link was sent to (personal: erased with the case)
    email = models.EmailField(_("e-mail address"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("upload link")
        verbose_name_plural = _("upload links")

    def usable(self, now) -> bool:
        return self.revoked_at is None and now < self.expires_at


class Document(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    family_member = models.ForeignKey(
        FamilyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=40, choices=DocumentKind.choices)
    translation_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="translations"
    )
    # ISO 639-1 code of the document's language, so the checklist knows when it needs a translation
    language = models.CharField(_("language"), max_length=8, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Replacing a document keeps the old version: it points to its successor.
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )
    # The client's name, shown only (personal: erased with the case); storage uses its own name.
    file_name = models.CharField(_("file name"), max_length=200)
    storage_name = models.CharField(max_length=120, unique=True, editable=False)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    uploaded_via = models.ForeignKey(
        UploadLink, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["case", "kind"], name="document_case_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def current(self) -> bool:
        return self.replaced_by_id is None
