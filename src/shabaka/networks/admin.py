"""Admin pages. Every status is read-only here: life cycles move only through the services."""

from django.contrib import admin

from shabaka.networks.models import (
    CodeAdoption,
    CodeOfConduct,
    CodeText,
    CodeVersion,
    Endorsement,
    Membership,
    MembershipStep,
    Network,
)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "status", "visibility"]
    list_filter = ["kind", "status", "visibility"]
    search_fields = ["name", "acronym", "slug"]
    readonly_fields = ["status"]
    filter_horizontal = ["places", "topics"]


class MembershipStepInline(admin.TabularInline):
    model = MembershipStep
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "at", "decided_by", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["network", "organisation", "member_network", "status", "role"]
    list_filter = ["status", "role", "network"]
    readonly_fields = ["status", "role", "joined_on", "ended_on", "applied_at"]
    raw_id_fields = ["network", "organisation", "member_network"]
    inlines = [MembershipStepInline]

    def has_add_permission(self, request):
        return False  # memberships start with networks.services.membership_apply


class CodeTextInline(admin.StackedInline):
    """Read-only: a draft's text is edited through the site (networks.conduct), and an
    adopted text never changes."""

    model = CodeText
    extra = 0
    can_delete = False
    readonly_fields = ["language", "body"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CodeOfConduct)
class CodeOfConductAdmin(admin.ModelAdmin):
    list_display = ["title", "started_by_network", "created_at"]


@admin.register(CodeVersion)
class CodeVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "number", "status", "adopted_at"]
    list_filter = ["status"]
    readonly_fields = ["code", "number", "status", "adopted_at", "superseded_at"]
    inlines = [CodeTextInline]

    def has_add_permission(self, request):
        return False


@admin.register(CodeAdoption)
class CodeAdoptionAdmin(admin.ModelAdmin):
    list_display = ["network", "version", "adopted_on", "replaced_at"]
    readonly_fields = ["network", "version", "adopted_on", "adopted_by", "replaced_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ["membership", "version", "endorsed_on", "status"]
    list_filter = ["status"]
    readonly_fields = [
        "membership",
        "version",
        "endorsed_by",
        "endorsed_on",
        "status",
        "renewal_needed_since",
    ]

    def has_add_permission(self, request):
        return False
