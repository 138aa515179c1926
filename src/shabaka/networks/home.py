"""The networks block of the home page: the networks and platforms a visitor may see."""

from shabaka.networks.selectors import first_networks


def home_section(*, viewer):
    networks = first_networks(viewer=viewer, limit=6)
    if not networks:
        return None
    return {"template": "networks/partials/home.html", "networks": networks}
