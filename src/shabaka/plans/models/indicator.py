"""The one Indicator model of the platform and its progress updates.

An indicator hangs off any record through a generic owner: an action-plan objective or activity,
or a project (results imported from IATI). `external_ref` makes imports idempotent."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class IndicatorUnit(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    YES_NO = "yes_no", _("Yes/no")


class IndicatorDirection(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")


# Dimensions an indicator's values may be broken down by.
DISAGGREGATION_DIMENSIONS = {
    "gender": _("Gender"),
    "age": _("Age group"),
    "place": _("Place"),
    "nationality": _("Nationality"),
    "organisation": _("Organisation"),
}


class Indicator(models.Model):
    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=IndicatorUnit.choices)
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=IndicatorDirection.choices,
        default=IndicatorDirection.INCREASE,
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    disaggregation = models.JSONField(_("disaggregated by"), default=list, blank=True)
    external_ref = models.CharField(_("external reference"), max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["owner_type", "owner_id", "order", "id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_type", "owner_id", "external_ref"],
                condition=~Q(external_ref=""),
                name="plans_indicator_external_ref_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def achievement_of(self, value):
        from shabaka.plans.computations import achievement

        return achievement(
            value=value,
            baseline=self.baseline,
            target=self.target,
            direction=self.direction,
            unit=self.unit,
        )


class ProgressStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")
    REJECTED = "rejected", _("Rejected")


class ProgressUpdate(models.Model):
    """A value of an indicator for a reporting period, with a narrative and evidence (a content
    Document owned by the update, or a link). Status moves only through plans.services."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="updates")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    period_target = models.DecimalField(
        _("target for the period"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    disaggregated_values = models.JSONField(_("values by dimension"), default=dict, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    evidence_link = models.URLField(_("link to evidence"), blank=True, max_length=500)
    evidence = GenericRelation(
        "content.Document", content_type_field="owner_type", object_id_field="owner_id"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProgressStatus.choices,
        default=ProgressStatus.SUBMITTED,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    external_ref = models.CharField(_("external reference"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["indicator", "-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="plans_progress_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["indicator", "external_ref"],
                condition=~Q(external_ref=""),
                name="plans_progress_external_ref_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_start} – {self.period_end})"

    @property
    def achievement(self):
        return self.indicator.achievement_of(self.value)
