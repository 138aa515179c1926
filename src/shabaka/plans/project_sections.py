"""The plans block of a project page (see projects.selectors.project_sections): the project's
indicators (e.g. imported from its IATI results) with their latest validated value, the
action-plan activities linked to the project, and the networks it supports (those whose
plans have activities under the project, or concerned by the project's events), all as far
as the viewer may see them."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _


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


def project_activities(project, *, viewer) -> list:
    from shabaka.plans.models import Activity
    from shabaka.plans.selectors import plans_visible_to, visible_organisation_ids

    activities = list(
        Activity.objects.filter(project=project, plan__in=plans_visible_to(viewer).values("pk"))
        .select_related("plan__network", "lead")
        .order_by("planned_start", "id")
    )
    shown = visible_organisation_ids(viewer, {a.lead_id for a in activities})
    for activity in activities:
        activity.lead_shown = activity.lead_id in shown
    return activities


def networks_supported(project, *, viewer, activities) -> list:
    from shabaka.networks.selectors import networks_visible_to

    ids = {a.plan.network_id for a in activities}
    if apps.is_installed("shabaka.events"):
        from shabaka.events.models import Event
        from shabaka.events.selectors import events_visible_to

        ids |= set(
            Event.networks.through.objects.filter(
                event__in=events_visible_to(viewer).filter(project=project).values("pk")
            ).values_list("network_id", flat=True)
        )
    if not ids:
        return []
    return list(networks_visible_to(viewer).filter(pk__in=ids).order_by("name"))


def project_sections(*, project, viewer) -> list[dict]:
    indicators = project_indicators(project, viewer=viewer)
    activities = project_activities(project, viewer=viewer)
    networks = networks_supported(project, viewer=viewer, activities=activities)
    if not (indicators or activities or networks):
        return []
    return [
        {
            "template": "plans/partials/project_section.html",
            "title": _("Results, activities and networks supported"),
            "indicators": indicators,
            "activities": activities,
            "networks": networks,
        }
    ]
