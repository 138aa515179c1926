"""The events block of a network's page (see networks.selectors.network_sections): events
concerning the network or to which it is invited, as far as the viewer may see them."""

NETWORK_EVENTS_SHOWN = 10


def network_section(*, network, viewer) -> dict | None:
    # Rows as tuples with their text made once (events.selectors.listing_rows), as the events
    # list and the project page show them: no model instances, no {% url %} per row.
    from shabaka.events.selectors import event_list, listing_rows, listing_values

    events = event_list(viewer=viewer, network=network, with_networks=False)
    values = list(listing_values(events)[:NETWORK_EVENTS_SHOWN])
    return {
        "template": "events/partials/network_section.html",
        "network_events": listing_rows(values, viewer=viewer),
    }
