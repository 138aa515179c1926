"""Admin: for looking and small corrections. Statuses are read-only; they move only through
plans.services."""

from django.contrib import admin

from shabaka.plans.models import (
    ActionPlan,
    Activity,
    Adaptation,
    Indicator,
    Objective,
    PlanVersion,
    ProgressUpdate,
)


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "period_start", "period_end", "status", "visibility"]
    list_filter = ["status", "visibility"]
    readonly_fields = ["status", "adopted_on", "closed_on", "created_by"]
    search_fields = ["title"]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "decided_on", "decided_by"]
    readonly_fields = ["plan", "number", "reason", "decided_on", "decided_by", "snapshot"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "lead", "planned_start", "planned_end", "status"]
    list_filter = ["status"]
    readonly_fields = ["status", "plan"]
    raw_id_fields = ["lead", "partners", "places", "project", "objective"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["title", "owner_type", "owner_id", "unit", "direction", "baseline", "target"]
    list_filter = ["unit", "direction"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period_start", "period_end", "value", "status"]
    list_filter = ["status"]
    readonly_fields = ["status", "validated_by", "validated_at", "submitted_by"]


@admin.register(Adaptation)
class AdaptationAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "decided_on", "decided_by"]
