"""Documents (files with a language, a visibility and versions, linked to any record) and news
items (Markdown bodies stored with their sanitised HTML, draft → published)."""

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


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class NewsItem(models.Model):
    """A news item in one language; its translations share a `translation_group`. It links to
    projects, networks, countries, tags, and to the events and dialogues it reports on (shown
    on their pages as `event.news` / `dialogue.news`)."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("short name"), max_length=140, unique=True, allow_unicode=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(
        _("body"), help_text=_("Markdown: **bold**, _italic_, [link](https://…), lists.")
    )
    # The body rendered from Markdown and sanitised with nh3: what pages show.
    body_html = models.TextField(editable=False, blank=True)
    language = models.CharField(
        _("language"), max_length=12, default="en", help_text=_("BCP 47 code, e.g. en, ar, fr")
    )
    translation_group = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    lead_image = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead image"),
    )
    lead_image_alt = models.CharField(
        _("alternative text of the image"), max_length=300, blank=True
    )
    # Moved only through content.services (news_publish, news_unpublish).
    status = models.CharField(
        _("status"), max_length=10, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    projects = models.ManyToManyField("projects.Project", blank=True, related_name="news")
    networks = models.ManyToManyField("networks.Network", blank=True, related_name="news")
    countries = models.ManyToManyField("directory.Country", blank=True, related_name="news")
    tags = models.ManyToManyField("directory.Topic", blank=True, related_name="news")
    events = models.ManyToManyField("events.Event", blank=True, related_name="news")
    dialogues = models.ManyToManyField("dialogues.Dialogue", blank=True, related_name="news")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-published_at", "-id"]
        # The list, its page count and the feeds: published news, newest first. Partial, on
        # published items only, and one column read backwards (SQLite then has the id too, as
        # the rowid): with the drafts in the index (their date is empty) PostgreSQL preferred
        # the published_at index and read every draft before the first published item.
        indexes = [
            models.Index(
                fields=["published_at"],
                condition=Q(status="published"),
                name="content_news_published_order",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="content_news_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(lead_image__isnull=True) | ~Q(lead_image_alt=""),
                name="content_news_image_has_alt",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == NewsStatus.PUBLISHED
