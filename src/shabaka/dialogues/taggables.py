"""Which kinds of record can be tagged with framework items, and how to read each one's
countries and period. Apps never import this module to be tagged: the dialogues app registers
them (see `register_defaults`), so projects, plans and events do not depend on dialogues.

A registration names:
- `key`: a stable short name used in URLs and exports ("projects", "activities", "events");
- `visible_to(user)`: the queryset of the records the viewer may see (the app's selector);
- `country_lookup`: the ORM path from the record to directory.Country ("countries",
  "plan__network__country", ...), or several paths (a record is in a country if any leads
  there);
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
    country_lookup: str | tuple[str, ...]
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
            lookups = (
                (self.country_lookup,)
                if isinstance(self.country_lookup, str)
                else self.country_lookup
            )
            in_country = Q()
            for lookup in lookups:
                in_country |= Q(**{lookup: country})
            records = records.filter(in_country)
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


def _event_countries(event) -> list:
    countries = []
    if event.country_id:
        countries.append(event.country)
    if event.place_id and event.place.country_id != event.country_id:
        countries.append(event.place.country)
    return countries


def _activity_countries(activity) -> list:
    countries = {activity.plan.network.country_id: activity.plan.network.country}
    for place in activity.places.all():
        countries.setdefault(place.country_id, place.country)
    return [c for key, c in countries.items() if key is not None]


def _activity_url(activity) -> str:
    url = _reverse_or_empty("plans:plan_detail", pk=activity.plan_id)
    return f"{url}#activity-{activity.pk}" if url else ""


def _activities_visible_to(user):
    from shabaka.plans.models import Activity
    from shabaka.plans.selectors import plans_visible_to

    return Activity.objects.filter(plan__in=plans_visible_to(user).values("pk"))


def register_defaults() -> None:
    """Called from DialoguesConfig.ready(): projects, action-plan activities and events."""
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
    if apps.is_installed("shabaka.plans"):
        register(
            Taggable(
                key="activities",
                model_label="plans.Activity",
                label=_("Action-plan activities"),
                visible_to=_activities_visible_to,
                country_lookup=("plan__network__country", "places__country"),
                start_field="planned_start",
                end_field="planned_end",
                url=_activity_url,
                countries_of=_activity_countries,
                prefetch=("plan__network__country", "places__country"),
            )
        )
    if apps.is_installed("shabaka.events"):
        from shabaka.events.selectors import events_visible_to

        register(
            Taggable(
                key="events",
                model_label="events.Event",
                label=_("Events"),
                visible_to=events_visible_to,
                country_lookup=("country", "place__country"),
                start_field="start_date",
                end_field="end_date",
                url=lambda e: _reverse_or_empty("events:event_detail", slug=e.slug),
                countries_of=_event_countries,
                prefetch=("country", "place__country"),
            )
        )
