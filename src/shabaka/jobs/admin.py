"""Administrators read the jobs and the email outbox here (what failed, why, how often tried);
they are written only by the jobs app's services and the worker."""

from django.contrib import admin

from shabaka.jobs.models import Job, OutgoingEmail, Schedule


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(ReadOnly):
    list_display = ["title", "kind", "owner", "status", "done", "total", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "owner__email"]
    exclude = ["params", "checkpoint"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnly):
    list_display = ["recipient", "subject", "language", "status", "attempts", "created_at"]
    list_filter = ["status", "language"]
    search_fields = ["recipient", "subject"]
    exclude = ["body"]  # the body holds sign-in links: not shown, even to administrators


@admin.register(Schedule)
class ScheduleAdmin(ReadOnly):
    list_display = ["name", "next_run_at", "last_run_at"]
