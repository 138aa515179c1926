"""A link from a network's page to its dashboard."""


def network_section(*, network, viewer) -> dict:
    return {"template": "reports/partials/network_links.html", "network": network}
