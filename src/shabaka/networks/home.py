"""The networks block of the home page: the networks and platforms a visitor may see."""

from shabaka.networks.selectors import network_directory


def home_section(*, viewer):
    networks = list(network_directory(viewer=viewer)[:6])
    if not networks:
        return None
    return {"template": "networks/partials/home.html", "networks": networks}
