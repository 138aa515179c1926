"""Index writes follow model writes in the same transaction (post_save runs inside it), so a
record and its search entry commit or roll back together and an update is found at once."""

from django.db.models.signals import post_delete, post_save

from shabaka.search.registry import installed_entries


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures loading
        return
    from shabaka.search.services import index_object

    index_object(instance)


def _deleted(sender, instance, **kwargs):
    from shabaka.search.services import unindex_object

    unindex_object(instance)


def connect() -> None:
    for entry in installed_entries():
        post_save.connect(_saved, sender=entry.model, dispatch_uid=f"search-save-{entry.label}")
        post_delete.connect(
            _deleted, sender=entry.model, dispatch_uid=f"search-delete-{entry.label}"
        )
