from django.contrib import admin

from shabaka.directory.models import (
    Country,
    Organisation,
    OrganisationImport,
    Person,
    Place,
    Topic,
)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_ar", "name_fr"]
    search_fields = ["code", "name"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "country"]
    list_filter = ["level", "country"]
    search_fields = ["code", "name", "name_ar"]
    raw_id_fields = ["parent"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "name_ar", "name_fr"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "visibility"]
    list_filter = ["kind", "visibility", "country"]
    search_fields = ["name", "normalised_name", "acronym"]
    filter_horizontal = ["places", "topics"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organisation", "position", "is_public"]
    search_fields = ["full_name"]
    raw_id_fields = ["organisation", "user"]


@admin.register(OrganisationImport)
class OrganisationImportAdmin(admin.ModelAdmin):
    """Read-only: imports move only through directory.importing."""

    list_display = ["filename", "uploaded_by", "network", "status", "created_at"]
    readonly_fields = [f.name for f in OrganisationImport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
