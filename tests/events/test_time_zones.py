"""An event's times are kept in UTC and shown in the event's own time zone."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from shabaka.events import services
from shabaka.events.models import EventType


@pytest.mark.django_db
def test_nine_in_tripoli_is_stored_as_seven_utc_and_shown_as_nine(staff_user, client, settings):
    settings.TIME_ZONE = "UTC"
    event = services.event_create(
        created_by=staff_user,
        title="Morning workshop",
        slug="morning-workshop",
        type=EventType.WORKSHOP,
        starts_at=datetime(2021, 1, 26, 9, 0),  # wall-clock time in Tripoli
        ends_at=datetime(2021, 1, 26, 17, 0),
        time_zone="Africa/Tripoli",
    )
    event.refresh_from_db()
    assert event.starts_at == datetime(2021, 1, 26, 7, 0, tzinfo=UTC)
    assert event.starts_at.astimezone(UTC).hour == 7
    page = client.get(reverse("events:event_detail", args=[event.slug])).content.decode()
    assert "26 January 2021, 09:00" in page
    assert "07:00" not in page
    assert "Africa/Tripoli" in page


@pytest.mark.django_db
def test_late_evening_abroad_falls_on_the_local_day(staff_user):
    event = services.event_create(
        created_by=staff_user,
        title="Evening reception",
        slug="evening-reception",
        type=EventType.STUDY_VISIT,
        starts_at=datetime(2019, 9, 23, 23, 30),
        ends_at=datetime(2019, 9, 24, 0, 30),
        time_zone="Europe/Rome",
    )
    assert event.start_date.isoformat() == "2019-09-23"
    assert [d.isoformat() for d in event.days] == ["2019-09-23", "2019-09-24"]


@pytest.mark.django_db
def test_an_unknown_time_zone_is_refused(staff_user):
    from shabaka.core.errors import Refused
    from shabaka.events.models import Event

    with pytest.raises(Refused, match="Unknown time zone Mars/Olympus"):
        services.event_create(
            created_by=staff_user,
            title="Nowhere",
            slug="nowhere",
            type=EventType.WORKSHOP,
            starts_at=datetime(2021, 1, 26, 9, 0),
            ends_at=datetime(2021, 1, 26, 10, 0),
            time_zone="Mars/Olympus",
        )
    assert not Event.objects.exists()
