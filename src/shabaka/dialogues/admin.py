"""Admin: reading and small corrections. Statuses and appointment dates are read-only: they
move only through dialogues.services."""

from django.contrib import admin

from shabaka.dialogues.models import (
    Chairmanship,
    Delegation,
    DelegationMember,
    Dialogue,
    DialogueMeeting,
    FocalPointAppointment,
    Framework,
    FrameworkItem,
    FrameworkTag,
    HandoverStep,
    PartnerOrganisation,
    PartnerState,
    PartnerStateChange,
)


class PartnerStateInline(admin.TabularInline):
    model = PartnerState
    fields = ["country", "status", "joined_on", "joined_year", "note"]
    readonly_fields = ["country", "status"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PartnerOrganisationInline(admin.TabularInline):
    model = PartnerOrganisation
    raw_id_fields = ["organisation"]
    extra = 0


class ChairmanshipInline(admin.TabularInline):
    model = Chairmanship
    extra = 0


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "launched", "secretariat"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [PartnerStateInline, PartnerOrganisationInline, ChairmanshipInline]


@admin.register(PartnerStateChange)
class PartnerStateChangeAdmin(admin.ModelAdmin):
    list_display = ["partner_state", "from_status", "to_status", "effective_on", "recorded_at"]
    readonly_fields = [f.name for f in PartnerStateChange._meta.fields]

    def has_add_permission(self, request):
        return False


class HandoverStepInline(admin.TabularInline):
    model = HandoverStep
    readonly_fields = ["item", "done_on", "done_by"]
    fields = ["item", "done_on", "done_by", "note"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FocalPointAppointment)
class FocalPointAppointmentAdmin(admin.ModelAdmin):
    list_display = ["dialogue", "country", "function", "started_on", "ended_on", "status"]
    list_filter = ["dialogue", "function", "status"]
    readonly_fields = [
        "dialogue",
        "country",
        "function",
        "person",
        "government_body",
        "started_on",
        "ended_on",
        "status",
        "end_reason",
        "previous",
        "act_document",
        "briefing_event",
        "created_by",
    ]
    fields = readonly_fields + ["act_reference", "act_date"]
    inlines = [HandoverStepInline]

    def has_add_permission(self, request):
        return False


class FrameworkItemInline(admin.TabularInline):
    model = FrameworkItem
    fields = ["code", "position", "title", "parent", "source_url"]
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "adopted_on", "retrieved_on"]
    inlines = [FrameworkItemInline]


@admin.register(FrameworkTag)
class FrameworkTagAdmin(admin.ModelAdmin):
    list_display = ["item", "content_type", "object_id", "tagged_by", "tagged_at"]
    readonly_fields = ["item", "content_type", "object_id", "tagged_by"]

    def has_add_permission(self, request):
        return False


# Meetings and delegations: read in the admin, recorded through the pages (audited services).
@admin.register(DialogueMeeting)
class DialogueMeetingAdmin(admin.ModelAdmin):
    list_display = ["event", "dialogue", "linked_at"]
    list_filter = ["dialogue"]
    readonly_fields = ["dialogue", "event", "linked_by", "linked_at"]
    fields = readonly_fields + ["note"]

    def has_add_permission(self, request):
        return False


class DelegationMemberInline(admin.TabularInline):
    model = DelegationMember
    readonly_fields = ["person", "role", "nomination", "added_by"]
    fields = readonly_fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["country", "event", "head"]
    list_filter = ["country"]
    readonly_fields = ["event", "country", "head", "created_by", "created_at"]
    fields = readonly_fields + ["note"]
    inlines = [DelegationMemberInline]

    def has_add_permission(self, request):
        return False
