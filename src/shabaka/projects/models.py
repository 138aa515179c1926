"""Donor-funded projects. Events, action-plan activities and news belong to projects.
Participating organisations, funding and IATI publishing build on this model."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shabaka.core.visibility import Visibility


class ProjectStatus(models.TextChoices):
    # The IATI ActivityStatus codelist (codes 1-6), so IATI import and export map one to one.
    PIPELINE = "1", _("Pipeline/identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class Project(models.Model):
    title = models.CharField(_("title"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(unique=True, max_length=120)
    description = models.TextField(_("description"), blank=True)
    iati_identifier = models.CharField(
        _("IATI identifier"), max_length=150, blank=True, db_index=True
    )
    # Moved only through projects.services; read-only in forms and admin.
    status = models.CharField(
        _("status"), max_length=2, choices=ProjectStatus.choices, default=ProjectStatus.PIPELINE
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    countries = models.ManyToManyField("directory.Country", blank=True, related_name="projects")
    places = models.ManyToManyField("directory.Place", blank=True, related_name="projects")
    total_budget = models.DecimalField(
        _("total budget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. EUR")
    )
    visibility = models.CharField(
        _("who sees this project"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-planned_start", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["iati_identifier"],
                condition=~models.Q(iati_identifier=""),
                name="projects_project_iati_identifier_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="projects_project_planned_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.acronym})" if self.acronym else self.title
