"""The events block of a network's page (see networks.selectors.network_sections): events
concerning the network or to which it is invited, as far as the viewer may see them."""

NETWORK_EVENTS_SHOWN = 10


def latest_network_events(*, viewer, network_id: int):
    """`listing_values` rows of the newest events linked to the network or to which it is
    invited, as the viewer may see them."""
    # The events linked to the network and those it is invited to, each read by a join from
    # the network's rows (a handful a year), then merged: with both as "id IN (subquery)" ORed,
    # PostgreSQL walked the listing index from the newest event and filtered thousands.
    from shabaka.events.selectors import events_visible_to, listing_values

    # Unordered parts (SQLite allows no ORDER BY inside a compound SELECT).
    linked = events_visible_to(viewer).filter(networks=network_id).order_by()
    invited = events_visible_to(viewer).filter(invitations__network_id=network_id).order_by()
    return (
        listing_values(linked, "starts_at", "id")
        .union(listing_values(invited, "starts_at", "id"))
        .order_by("-starts_at", "id")[:NETWORK_EVENTS_SHOWN]
    )


def network_section(*, network, viewer) -> dict | None:
    # Rows as tuples with their text made once (events.selectors.listing_rows), as the events
    # list and the project page show them: no model instances, no {% url %} per row.
    from shabaka.events.selectors import listing_rows

    values = latest_network_events(viewer=viewer, network_id=network.pk)
    return {
        "template": "events/partials/network_section.html",
        "network_events": listing_rows(values, viewer=viewer),
    }
