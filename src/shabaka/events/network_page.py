"""The events block of a network's page (see networks.selectors.network_sections): events
concerning the network or to which it is invited, as far as the viewer may see them."""


def network_section(*, network, viewer) -> dict | None:
    from shabaka.events.selectors import events_for_network

    return {
        "template": "events/partials/network_section.html",
        "network_events": events_for_network(network=network, viewer=viewer),
    }
