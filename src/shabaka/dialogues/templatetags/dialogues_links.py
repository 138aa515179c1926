"""Blocks the dialogues app adds to other apps' pages without touching their views: on an
event page, the dialogues it is a meeting of, the news that report on it, and its framework
tags (with the tagging page for those allowed); on a plan's activity, the link to tag it.

    {% load dialogues_links %}{% event_links event %}
    {% load dialogues_links %}{% tag_link "activities" activity %}
"""

from django import template
from django.contrib.contenttypes.models import ContentType

from shabaka.core.prepared import prepared_read
from shabaka.dialogues import taggables

register = template.Library()


@prepared_read
def _tags_of(*, content_type_id: int, object_id: int):
    from shabaka.dialogues.models import FrameworkTag

    return (
        FrameworkTag.objects.filter(content_type_id=content_type_id, object_id=object_id)
        .select_related("item__framework")
        .order_by("item__framework__code", "item__position", "item_id")
    )


@prepared_read
def _dialogues_meeting_at(*, event_id: int):
    from shabaka.dialogues.models import Dialogue

    return Dialogue.objects.filter(meetings=event_id).order_by("short_name")


def _framework_tags(record) -> list:
    content_type = ContentType.objects.get_for_model(record, for_concrete_model=True)
    return [tag.item for tag in _tags_of(content_type_id=content_type.pk, object_id=record.pk)]


@register.inclusion_tag("dialogues/partials/event_links.html", takes_context=True)
def event_links(context, event):
    from shabaka.dialogues.selectors import news_about

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    taggable = taggables.for_model(type(event))
    return {
        "event": event,
        "dialogues": _dialogues_meeting_at(event_id=event.pk),
        "news_items": news_about(event, viewer=user),
        "framework_items": _framework_tags(event),
        "tag_key": taggable.key if taggable else "",
        "may_tag": bool(taggable) and user is not None and user.has_perm("dialogues.tag_records"),
    }


@register.inclusion_tag("dialogues/partials/tag_link.html", takes_context=True)
def tag_link(context, key, record):
    """A link to the tagging page of `record` for those who may tag (no query for others
    beyond the permission check)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {
        "key": key,
        "record": record,
        "may_tag": user is not None and user.has_perm("dialogues.tag_records"),
    }
