from django.contrib import admin

from shabaka.content.models import Document, NewsItem


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "is_current", "language", "visibility", "uploaded_at"]
    list_filter = ["visibility", "language", "is_current"]
    search_fields = ["title", "original_filename"]
    readonly_fields = [f.name for f in Document._meta.fields]

    # Uploads go through content.services (validation, versions, audit).
    def has_add_permission(self, request):
        return False


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "status", "published_at"]
    list_filter = ["status", "language"]
    search_fields = ["title"]
    # Written and published through content.services (sanitising, life cycle, audit).
    readonly_fields = [f.name for f in NewsItem._meta.fields]

    def has_add_permission(self, request):
        return False
