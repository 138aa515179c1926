import functools

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Sections in the header, in order; a section whose app is not installed is left out.
NAVIGATION = [
    ("core:home", _("Home")),
    ("directory:organisation_list", _("Organisations")),
    ("networks:network_list", _("Networks")),
    ("events:event_list", _("Events")),
    ("dialogues:dialogue_list", _("Dialogues")),
    ("projects:project_list", _("Projects")),
    ("content:news_list", _("News")),
    ("reports:platform_dashboard", _("Dashboards")),
]


@functools.cache
def _navigation() -> tuple:
    """Reversed once per process; the labels stay lazy, so each page shows its language."""
    items = []
    for url_name, label in NAVIGATION:
        try:
            items.append({"url": reverse(url_name), "label": label, "name": url_name})
        except NoReverseMatch:
            continue
    return tuple(items)


def shell(request):
    return {
        "shell_navigation": _navigation(),
        "shell_languages": settings.LANGUAGES,
    }
