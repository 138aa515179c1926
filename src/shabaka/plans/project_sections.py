"""The plans block of a project page (see projects.selectors.project_sections): the project's
indicators (e.g. imported from its IATI results) with their latest validated value, the
action-plan activities linked to the project, and the networks it supports (those whose
plans have activities under the project, or concerned by the project's events), all as far
as the viewer may see them.

At most three queries whatever the data (indicators, activities, networks; a fourth for the
indicators' progress when there are indicators). Activities and networks are read as tuples
and turned into the few strings the block shows, each link formatted from one reverse()."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from shabaka.core.links import link_maker

_NAMES = ("name", "name_en", "name_ar", "name_fr")

# More networks a project supports, from apps above plans (events: the networks concerned by
# the project's events), registered at their ready() so that plans never imports them: each
# `source(*, viewer, project_id)` returns a subquery of network ids.
SUPPORTED_NETWORK_SOURCES: list[Callable] = []


@dataclass(frozen=True, slots=True)
class NetworkLine:
    url: str
    name: str


def project_indicators(project, *, viewer) -> list:
    from shabaka.plans.models import Indicator
    from shabaka.plans.selectors import _attach_progress

    indicators = list(
        Indicator.objects.filter(
            owner_type=ContentType.objects.get_for_model(project, for_concrete_model=True),
            owner_id=project.pk,
        ).order_by("order", "id")
    )
    _attach_progress(indicators, viewer=viewer)
    return indicators


def _activity_rows(*, viewer, project_id: int) -> QuerySet:
    from shabaka.plans.models import Activity
    from shabaka.plans.selectors import lead_shown_expression, visible_plan_q

    return (
        Activity.objects.filter(visible_plan_q(viewer, "plan__"), project_id=project_id)
        .annotate(lead_is_shown=lead_shown_expression(viewer))
        .order_by("planned_start", "id")
        .values_list(
            "pk",
            "plan_id",
            "code",
            "title",
            "status",
            "plan__network_id",
            *(f"plan__network__{f}" for f in _NAMES),
            "lead__acronym",
            *(f"lead__{f}" for f in _NAMES),
            "lead_is_shown",
        )
    )


def project_activities(project, *, viewer) -> list:
    """The activities under the project in plans the viewer may see, by planned start, as
    `selectors.ActivityLine`s (with `network_id`): one query, the plan's visibility and the
    lead's asked on the joined rows (no list of every visible plan or organisation)."""
    from shabaka.plans.selectors import ActivityLine, display_name, localised_name

    rows = _activity_rows(viewer=viewer, project_id=project.pk)
    plan_link = link_maker("plans:plan_detail")
    activities = []
    for pk, plan_id, code, title, status, network_id, *rest in rows:
        line = ActivityLine(
            url=f"{plan_link(plan_id)}#activity-{pk}",
            title=f"{code} {title}".strip(),
            network=localised_name(rest[0:4]),
            lead=display_name(rest[5:9], rest[4]) if rest[9] else "",
            lead_shown=rest[9],
            status=status,
        )
        activities.append((network_id, line))
    return activities


def _supported_network_rows(*, viewer, project_id: int, network_ids) -> QuerySet:
    from shabaka.networks.models import Network
    from shabaka.networks.selectors import visible_network_q

    supported = Q(pk__in=network_ids)
    for source in SUPPORTED_NETWORK_SOURCES:
        supported |= Q(pk__in=source(viewer=viewer, project_id=project_id))
    return (
        Network.objects.filter(visible_network_q(viewer))
        .filter(supported)
        .order_by("name")
        .values_list("slug", *_NAMES)
    )


def networks_supported(project, *, viewer, network_ids) -> list[NetworkLine]:
    """The visible networks of the activities' plans (`network_ids`) and of the project's
    visible events, by name: one query (the events' networks read in a subquery)."""
    from shabaka.plans.selectors import localised_name

    if not network_ids and not SUPPORTED_NETWORK_SOURCES:
        return []
    link = link_maker("networks:network_detail", "slug")
    rows = _supported_network_rows(viewer=viewer, project_id=project.pk, network_ids=network_ids)
    return [NetworkLine(url=link(slug), name=localised_name(names)) for slug, *names in rows]


def project_sections(*, project, viewer) -> list[dict]:
    indicators = project_indicators(project, viewer=viewer)
    activities = project_activities(project, viewer=viewer)
    networks = networks_supported(
        project, viewer=viewer, network_ids={network_id for network_id, _line in activities}
    )
    if not (indicators or activities or networks):
        return []
    return [
        {
            "template": "plans/partials/project_section.html",
            "title": _("Results, activities and networks supported"),
            "indicators": indicators,
            "activities": [line for _network_id, line in activities],
            "networks": networks,
        }
    ]
