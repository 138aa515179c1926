"""Which kinds of record can be tagged with framework items, and how to read each one's
countries and period. Apps never import this module to be tagged: the dialogues app registers
them (see `register_defaults`), so projects, plans and events do not depend on dialogues.

A registration names:
- `key`: a stable short name used in URLs and exports ("projects", "activities", "events");
- `visible_to(user)`: the queryset of the records the viewer may see (the app's selector);
- `country_lookup`: the ORM path from the record to directory.Country ("countries",
  "plan__network__country", ...);
- `start_field` / `end_field`: the date fields of its period (either may be empty);
- `url(record)`: where the record's page is, or "" while it has none;
- `countries_of(record)` and `prefetch`: its countries for exports, with what to prefetch.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Taggable:
    key: str
    model_label: str
    label: str
    visible_to: Callable[[object], QuerySet]
    country_lookup: str
    start_field: str
    end_field: str
    url: Callable[[Model], str]
    countries_of: Callable[[Model], list] = lambda record: []
    prefetch: tuple[str, ...] = ()

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)

    def filtered(self, viewer, *, country=None, start: date | None = None, end: date | None = None):
        """The viewer's visible records, in a country and overlapping [start, end] if given.
        A record with no dates at all is kept only when no period is asked for."""
        records = self.visible_to(viewer)
        if country is not None:
            records = records.filter(**{self.country_lookup: country})
        if end is not None:
            records = records.filter(**{f"{self.start_field}__lte": end})
        if start is not None:
            records = records.filter(
                Q(**{f"{self.end_field}__gte": start})
                | Q(**{f"{self.end_field}__isnull": True, f"{self.start_field}__isnull": False})
            )
        if country is not None:
            records = records.distinct()
        return records

    def period(self, record) -> tuple[date | None, date | None]:
        return getattr(record, self.start_field), getattr(record, self.end_field)


_REGISTRY: dict[str, Taggable] = {}


def register(taggable: Taggable) -> None:
    _REGISTRY[taggable.key] = taggable


def registered() -> list[Taggable]:
    return list(_REGISTRY.values())


def get(key: str) -> Taggable | None:
    return _REGISTRY.get(key)


def for_model(model) -> Taggable | None:
    label = model._meta.label
    return next((t for t in _REGISTRY.values() if t.model_label == label), None)


def _reverse_or_empty(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def register_defaults() -> None:
    """Called from DialoguesConfig.ready(). Activities (plans) and events register here too
    once those apps have their models."""
    if apps.is_installed("shabaka.projects"):
        from shabaka.projects.selectors import projects_visible_to

        register(
            Taggable(
                key="projects",
                model_label="projects.Project",
                label=_("Projects"),
                visible_to=projects_visible_to,
                country_lookup="countries",
                start_field="planned_start",
                end_field="planned_end",
                url=lambda p: _reverse_or_empty("projects:project_detail", slug=p.slug),
                countries_of=lambda p: list(p.countries.all()),
                prefetch=("countries",),
            )
        )
