"""The events block of a project page (see projects.selectors.project_sections): events held,
participants by gender and by kind of organisation (counts only, never names), and the list
of the project's events, all as far as the viewer may see the events."""

from django.utils.translation import gettext as _


def project_figures(*, project, viewer, held: int | None = None) -> dict:
    """`held`: the number of events held when the caller already has it (counted with the
    page's list of events, see selectors.events_for_project), else one query counts them."""
    from shabaka.directory.models import Gender, OrganisationKind
    from shabaka.events.models import EventStatus
    from shabaka.events.selectors import events_visible_to, project_participant_counts

    counts = project_participant_counts(project=project, viewer=viewer)
    if held is None:
        held = events_visible_to(viewer).filter(project=project, status=EventStatus.HELD).count()
    genders = [(label, counts["by_gender"].get(code, 0)) for code, label in Gender.choices]
    kinds = [
        (label, counts["by_organisation_kind"].get(code, 0))
        for code, label in OrganisationKind.choices
    ]
    without = counts["by_organisation_kind"].get("none", 0)
    if without:
        kinds.append((_("No organisation recorded"), without))
    return {
        "events_held": held,
        "participants": counts["total"],
        "by_gender": genders,
        "by_organisation_kind": [(label, n) for label, n in kinds if n],
        "attendance_days_by_mode": counts["attendance_days_by_mode"],
    }


def project_sections(*, project, viewer) -> list[dict]:
    from shabaka.events.selectors import events_for_project

    rows, held = events_for_project(project=project, viewer=viewer)
    if not rows:
        return []
    return [
        {
            "template": "events/partials/project_section.html",
            "title": _("Events and participants"),
            "figures": project_figures(project=project, viewer=viewer, held=held),
            "project_events": rows,
        }
    ]


def networks_of_project_events(*, viewer, project_id: int):
    """The networks concerned by the project's events the viewer may see, as a subquery of
    network ids: the networks a project supports (plans.project_sections) include them."""
    from shabaka.events.models import Event
    from shabaka.events.selectors import events_visible_to

    return Event.networks.through.objects.filter(
        event__in=events_visible_to(viewer).filter(project_id=project_id).values("pk")
    ).values("network_id")
