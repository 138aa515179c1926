"""Keeping the index in step with the records: called in the writer's own transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from shabaka.search.analysis import index_text
from shabaka.search.models import SearchDocument
from shabaka.search.registry import entry_for_model, installed_entries

MAX_BODY = 20_000


def index_object(obj) -> SearchDocument | None:
    """Adds or refreshes the record's entry (or removes it when it is no longer indexable)."""
    entry = entry_for_model(type(obj))
    if entry is None:
        return None
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    if not entry.indexable(obj):
        unindex_object(obj)
        return None
    title = entry.title(obj)[:500]
    body = entry.body(obj) or ""
    with transaction.atomic():
        document, _created = SearchDocument.objects.update_or_create(
            content_type=content_type,
            object_id=obj.pk,
            defaults={
                "kind": entry.kind,
                "language": entry.language(obj) or "",
                "title": title,
                "body": body[:MAX_BODY],
                "url": entry.url(obj)[:500],
                "index_title": index_text(title),
                "index_body": index_text(body),
            },
        )
    return document


def unindex_object(obj) -> None:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    SearchDocument.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def rebuild_index(progress=None) -> int:
    """Re-indexes every searchable record; returns how many were indexed."""
    total = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        for entry in installed_entries():
            queryset = entry.model.objects.all()
            count = queryset.count()
            for n, obj in enumerate(queryset.iterator(chunk_size=500), start=1):
                if index_object(obj) is not None:
                    total += 1
                if progress and (n % 500 == 0 or n == count):
                    progress(entry.kind, n, count)
    return total
