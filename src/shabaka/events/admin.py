"""Admin pages: statuses are read-only (they move only through events.services), and the
respondent of a feedback is shown to platform administrators only."""

from django.contrib import admin

from shabaka.accounts.rules import is_platform_admin
from shabaka.events.models import Event, Feedback, Invitation, Nomination


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "type", "format", "starts_at", "status", "visibility"]
    list_filter = ["type", "format", "status", "visibility"]
    search_fields = ["title", "slug"]
    readonly_fields = ["status", "status_reason", "start_date", "end_date", "created_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["event", "network", "organisation", "country", "seats"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["person", "event", "status", "nominated_at", "decided_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Nomination._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["event", "relevance", "content", "facilitation", "organisation"]
    readonly_fields = [f.name for f in Feedback._meta.fields]

    def has_module_permission(self, request):
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
