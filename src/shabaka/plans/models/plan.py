"""An action plan of a network: objectives, activities, adaptations and frozen versions."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from shabaka.core.visibility import Visibility


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    REVISED = "revised", _("Revised")
    CLOSED = "closed", _("Closed")


class ActionPlan(models.Model):
    """A network's plan for a period. Its status moves only through plans.services
    (plan_adopt, plan_revise, plan_close); each adoption or revision freezes a PlanVersion."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    visibility = models.CharField(
        _("who sees this plan"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="plans_actionplan_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["network", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == PlanStatus.CLOSED


class PlanVersion(models.Model):
    """The whole plan tree (objectives, activities, indicators) frozen when the plan was adopted
    or revised. Never changed afterwards: earlier versions stay readable and comparable."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class Objective(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("number"), max_length=20, blank=True, help_text=_("e.g. 1 or 2.1"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(default=0)
    indicators = GenericRelation(
        "plans.Indicator", content_type_field="owner_type", object_id_field="owner_id"
    )

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    """An activity under an objective. The lead is an active member of the plan's network;
    partners may come from any network (a joint activity shows on every partner's network).
    Status moves only through plans.services (activity_start, activity_finish, ...)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="led_activities",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="partner_activities",
        verbose_name=_("partner organisations"),
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. LYD or EUR")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    places = models.ManyToManyField(
        "directory.Place", blank=True, related_name="plan_activities", verbose_name=_("places")
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_activities",
        verbose_name=_("project"),
    )
    order = models.PositiveIntegerField(default=0)
    indicators = GenericRelation(
        "plans.Indicator", content_type_field="owner_type", object_id_field="owner_id"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "objective__order", "objective_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="plans_activity_planned_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="plans_activity_actual_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | (Q(budget__gte=0) & ~Q(currency="")),
                name="plans_activity_budget_has_currency",
            ),
        ]
        indexes = [
            # Covers the network page's counts by schedule state of a plan's activities.
            models.Index(
                fields=["plan", "status", "planned_start", "planned_end"],
                name="plans_act_plan_sched_idx",
            ),
            # Covers the choice of the first joint activities of a network's members (the
            # activities they lead, by planned start), without reading the wide rows.
            models.Index(fields=["lead", "planned_start", "plan"], name="plans_act_lead_start_idx"),
            # The activities under a project, by planned start (the project page).
            models.Index(fields=["project", "planned_start"], name="plans_act_proj_start_idx"),
            # The first joint activities of a network's members, read in planned start order
            # until five are found: PostgreSQL otherwise read every activity its members lead
            # (1,300 at scale 1) to sort them.
            models.Index(fields=["planned_start", "id"], name="plans_act_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Adaptation(models.Model):
    """A change made to the plan because of the context (COVID-19 moved activities online; a
    road closed): what changed, why, when and by whom it was decided, which activities."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="adaptations")
    title = models.CharField(_("title"), max_length=250)
    what_changed = models.TextField(_("what changed"))
    why = models.TextField(_("why"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(
        _("decided by"),
        max_length=250,
        help_text=_("Who took the decision, e.g. the network's members at a workshop."),
    )
    occasion = models.CharField(
        _("where it was decided"), max_length=250, blank=True, help_text=_("e.g. a workshop")
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="adaptations", verbose_name=_("affected activities")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("adaptation")
        verbose_name_plural = _("adaptations")
        ordering = ["plan", "-decided_on", "-id"]

    def __str__(self) -> str:
        return self.title
