"""The events block of the home page: the next public events."""

from shabaka.events.selectors import upcoming_public_events


def home_section(*, viewer) -> dict | None:
    events = upcoming_public_events()
    if not events:
        return None
    return {"template": "events/partials/home.html", "events": events}
