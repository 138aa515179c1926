"""Index writes follow model writes in the same transaction (post_save runs inside it), so a
record and its search entry commit or roll back together and an update is found at once.

Visibility is not stored in the index: each app's selector decides it at query time, so a news
item published, an event made public or a membership approved is reflected in the very next
search. Text that lives in other rows (a plan's objectives, a news item's tags) re-indexes its
owner when it changes."""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save

from shabaka.search.registry import installed_entries


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures loading
        return
    from shabaka.search.services import index_object

    index_object(instance)


def _deleted(sender, instance, **kwargs):
    from shabaka.search.services import unindex_object

    unindex_object(instance)


def _reindex_owners(owners_of, instance) -> None:
    from shabaka.search.services import index_object

    try:
        owners = owners_of(instance)
    except ObjectDoesNotExist:  # the owner is being deleted too
        return
    for owner in owners:
        if owner is not None and owner.pk is not None:
            index_object(owner)


def _part_handler(owners_of):
    def handler(sender, instance, raw=False, **kwargs):
        if not raw:
            _reindex_owners(owners_of, instance)

    return handler


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    from shabaka.search.registry import entry_for_model
    from shabaka.search.services import index_object

    if not reverse:
        index_object(instance)
        return
    # Changed from the other side (topic.news.add(...)): re-index the records concerned.
    if entry_for_model(model) is not None and pk_set:
        for owner in model._default_manager.filter(pk__in=pk_set):
            index_object(owner)


_HANDLERS: dict = {}  # kept alive: signals hold weak references


def connect() -> None:
    for entry in installed_entries():
        post_save.connect(_saved, sender=entry.model, dispatch_uid=f"search-save-{entry.label}")
        post_delete.connect(
            _deleted, sender=entry.model, dispatch_uid=f"search-delete-{entry.label}"
        )
        for label, owners_of in entry.parts.items():
            try:
                part = apps.get_model(label)
            except LookupError:
                continue
            handler = _HANDLERS.setdefault((entry.label, label), _part_handler(owners_of))
            uid = f"search-part-{entry.label}-{label}"
            post_save.connect(handler, sender=part, dispatch_uid=f"{uid}-save")
            post_delete.connect(handler, sender=part, dispatch_uid=f"{uid}-delete")
        for name in entry.m2m:
            through = entry.model._meta.get_field(name).remote_field.through
            m2m_changed.connect(
                _m2m_changed, sender=through, dispatch_uid=f"search-m2m-{entry.label}-{name}"
            )
