"""iCalendar output (RFC 5545) with the `icalendar` package. Only what a public page shows: title,
times in the event's own time zone, place, description and link; never a participant."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

PRODID = "-//Shabaka//Events//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _vevent(event, base_url: str) -> VEvent:
    url = base_url.rstrip("/") + reverse("events:event_detail", kwargs={"slug": event.slug})
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@shabaka")
    vevent.add("summary", event.title)
    vevent.add("dtstart", event.local_start)
    vevent.add("dtend", event.local_end)
    vevent.add("dtstamp", timezone.now())
    vevent.add("last-modified", event.updated_at)
    if event.where:
        vevent.add("location", event.where)
    vevent.add("description", f"{event.description}\n\n{url}".strip())
    vevent.add("url", url)
    vevent.add("categories", [event.get_type_display()])
    vevent.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    return vevent


def calendar_bytes(events, *, name: str, base_url: str | None = None) -> bytes:
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_vevent(event, base_url or settings.SITE_URL))
    # VTIMEZONE components for the zones used (Africa/Tripoli, Europe/Rome...).
    calendar.add_missing_timezones()
    return calendar.to_ical()
