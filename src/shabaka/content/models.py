"""Documents (files with a language, a visibility and versions, linked to any record).
News items join this app with the projects issue."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shabaka.core.visibility import Visibility


def document_upload_to(document: "Document", filename: str) -> str:
    # A random folder per file: names never collide and are never guessable.
    return f"documents/{document.public_id.hex}/{filename}"


class Document(models.Model):
    """One version of a document. A new version keeps the same `series` and a higher number;
    earlier versions stay readable."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    series = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    visibility = models.CharField(
        _("who may read it"), max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    # "Members": members of this network; without one, any signed-in member of any network.
    network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=300, blank=True)
    link = models.URLField(
        _("link"), blank=True, help_text=_("Instead of a file, a link to the document.")
    )
    original_filename = models.CharField(max_length=255, blank=True)
    mime_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # The record it belongs to (plan progress, event, appointment, project, news...).
    owner_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "version"], name="content_document_version_unique"
            ),
            models.UniqueConstraint(
                fields=["series"], condition=Q(is_current=True), name="content_document_one_current"
            ),
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""), name="content_document_file_or_link"
            ),
        ]
        indexes = [models.Index(fields=["owner_type", "owner_id", "is_current"])]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"
