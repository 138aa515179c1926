"""The events block of a network's page (see networks.selectors.network_sections): events
concerning the network or to which it is invited, as far as the viewer may see them."""

from shabaka.core.prepared import prepared_read

NETWORK_EVENTS_SHOWN = 10


@prepared_read
def _latest_events(*, viewer, network_id: int):
    from shabaka.events.selectors import event_list, listing_values

    events = event_list(viewer=viewer, network=network_id, with_networks=False)
    return listing_values(events)[:NETWORK_EVENTS_SHOWN]


def network_section(*, network, viewer) -> dict | None:
    # Rows as tuples with their text made once (events.selectors.listing_rows), as the events
    # list and the project page show them: no model instances, no {% url %} per row.
    from shabaka.events.selectors import listing_rows

    values = _latest_events(viewer=viewer, network_id=network.pk)
    return {
        "template": "events/partials/network_section.html",
        "network_events": listing_rows(values, viewer=viewer),
    }
