from django.contrib import admin

from shabaka.projects.models import Funding, ParticipatingOrganisation, Project


class ParticipantInline(admin.TabularInline):
    model = ParticipatingOrganisation
    fk_name = "project"
    extra = 0
    autocomplete_fields = []
    raw_id_fields = ["organisation", "acting_for"]


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0
    raw_id_fields = ["funder", "through"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "acronym", "status", "visibility", "planned_start"]
    list_filter = ["status", "visibility"]
    search_fields = ["title", "acronym", "iati_identifier"]
    # The status moves only through projects.services (named transitions).
    readonly_fields = ["status"]
    raw_id_fields = ["reporting_organisation"]
    inlines = [ParticipantInline, FundingInline]
