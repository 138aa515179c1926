from django.contrib.contenttypes.models import ContentType
from django.db import models


class SearchDocument(models.Model):
    """One searchable record: its text as shown, and its text as analysed for the index.

    The full-text index itself is database-specific and created by migrations 0002 and 0003:
    an FTS5 table kept in step by triggers on SQLite, a generated tsvector column (lexemes
    only) with a GIN index on PostgreSQL. Who may see a result is decided at query time by the
    record's own app.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=30)
    language = models.CharField(max_length=8, blank=True)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    index_title = models.TextField(blank=True)
    index_body = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # A kind's documents newest first: search's pool when the type filter is used.
        indexes = [models.Index(fields=["kind", "id"], name="search_document_kind_id")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_document_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title
