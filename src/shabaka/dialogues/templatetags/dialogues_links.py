"""Blocks the dialogues app adds to other apps' pages without touching their views: on an
event page, the dialogues it is a meeting of, the news that report on it, and its framework
tags (with the tagging page for those allowed); on a plan's activity, the link to tag it.

    {% load dialogues_links %}{% event_links event %}
    {% load dialogues_links %}{% tag_link "activities" activity %}
"""

from django import template
from django.contrib.contenttypes.models import ContentType

from shabaka.dialogues import taggables

register = template.Library()


def _framework_tags(record) -> list:
    from shabaka.dialogues.models import FrameworkTag

    content_type = ContentType.objects.get_for_model(record, for_concrete_model=True)
    tags = (
        FrameworkTag.objects.filter(content_type=content_type, object_id=record.pk)
        .select_related("item__framework")
        .order_by("item__framework__code", "item__position", "item_id")
    )
    return [tag.item for tag in tags]


def _dialogues_meeting_at(event) -> list:
    from shabaka.dialogues.models import Dialogue

    return list(Dialogue.objects.filter(meetings=event).order_by("short_name"))


@register.inclusion_tag("dialogues/partials/event_links.html", takes_context=True)
def event_links(context, event):
    from shabaka.dialogues.selectors import news_about

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    taggable = taggables.for_model(type(event))
    return {
        "event": event,
        "dialogues": _dialogues_meeting_at(event),
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
