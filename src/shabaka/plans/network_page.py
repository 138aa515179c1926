"""The action-plan block of a network's page (see networks.selectors.network_sections): the
plan in force with its activities on track, late and done, and joint activities led from
other networks' plans in which this network's members take part."""


def network_section(*, network, viewer) -> dict | None:
    from shabaka.plans.selectors import network_plan_summary

    summary = network_plan_summary(network=network, viewer=viewer)
    if summary["plan"] is None and not summary["joint_activities"]:
        return None
    return {"template": "plans/partials/network_section.html", "plan_summary": summary}
