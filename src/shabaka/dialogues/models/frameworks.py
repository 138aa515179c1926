"""Policy frameworks (the JVAP's domains, the GCM's objectives) and the tags that map any
registered record (a project, an action-plan activity, an event) to a framework item."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=250)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_at = models.CharField(_("adopted at"), max_length=300, blank=True)
    source_title = models.CharField(_("source"), max_length=400, blank=True)
    source_url = models.URLField(_("source address"), max_length=400, blank=True)
    retrieved_on = models.DateField(_("retrieved on"), null=True, blank=True)
    gaps = models.TextField(_("known gaps"), blank=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class FrameworkItem(models.Model):
    """A domain, objective or priority area; nested under its parent."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("code"), max_length=30)
    position = models.PositiveIntegerField(default=0)
    title = models.TextField(_("title"))
    source_url = models.URLField(_("source address"), max_length=400, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("framework item")
        verbose_name_plural = _("framework items")
        ordering = ["framework", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="dialogues_framework_item_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class FrameworkTag(models.Model):
    """A record (any model registered in dialogues.taggables) mapped to a framework item."""

    item = models.ForeignKey(FrameworkItem, on_delete=models.CASCADE, related_name="tags")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("framework tag")
        verbose_name_plural = _("framework tags")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "content_type", "object_id"], name="dialogues_framework_tag_unique"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.item.code} → {self.content_type.model} #{self.object_id}"
