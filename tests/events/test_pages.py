"""Event pages and feeds: filters, fixed query counts, what outsiders and the public see."""

from datetime import datetime, timedelta

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shabaka.core.visibility import Visibility
from shabaka.events import services
from shabaka.events.models import Event, EventStatus, EventType, NominationStatus
from tests.factories.directory import PersonFactory, PlaceFactory
from tests.factories.events import TRIPOLI, EventFactory, ParticipationFactory
from tests.factories.networks import NetworkFactory
from tests.factories.projects import ProjectFactory

SECRET_NAME = "Zainab Hidden-Participant"
SECRET_EMAIL = "zainab@private.example"


@pytest.fixture
def public_event_with_people(db, staff_user):
    event = EventFactory(slug="public-workshop", title="Public Workshop")
    person = PersonFactory(full_name=SECRET_NAME, email=SECRET_EMAIL, phone="+218 91 123 4567")
    participation = ParticipationFactory(event=event, person=person)
    services.attendance_record(
        participation=participation, day=event.days[0], mode="in_person", recorded_by=staff_user
    )
    return event


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _make_events(n, start=0, **fields):
    network, project = NetworkFactory(), ProjectFactory()
    place = PlaceFactory()
    for i in range(start, start + n):
        event = EventFactory(
            starts_at=datetime(2021, 1, 2 + i % 20, 9, tzinfo=TRIPOLI),
            ends_at=datetime(2021, 1, 3 + i % 20, 17, tzinfo=TRIPOLI),
            place=place,
            project=project,
            **fields,
        )
        event.networks.add(network)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["events:event_list", "events:event_calendar"])
def test_list_and_calendar_query_counts_do_not_grow(client, staff_user, url_name):
    client.force_login(staff_user)
    url = reverse(url_name) + ("?month=2021-01" if url_name.endswith("calendar") else "")
    _make_events(2)
    few = _count_queries(client, url)
    _make_events(20, start=2)
    many = _count_queries(client, url)
    assert many == few
    assert "Example Workshop" in client.get(url).content.decode()


@pytest.mark.django_db
def test_filters_by_type_place_network_project_and_period(client):
    tripoli = PlaceFactory(code="LY-TB-X", name="Tripoli District")
    municipality = PlaceFactory(code="LY021104", name="Tripoli", parent=tripoli)
    network = NetworkFactory(name="Coastal Migrants Network", acronym="CMN")
    project = ProjectFactory(title="Safe Return Programme", acronym="SRP")
    match = EventFactory(
        title="Matching Training",
        type=EventType.TRAINING,
        place=municipality,
        project=project,
        starts_at=datetime(2021, 3, 1, 9, tzinfo=TRIPOLI),
        ends_at=datetime(2021, 3, 1, 17, tzinfo=TRIPOLI),
    )
    match.networks.add(network)
    EventFactory(title="Other Workshop", place=municipality, project=project)
    EventFactory(title="Far Training", type=EventType.TRAINING)
    url = reverse("events:event_list")
    query = {
        "type": "training",
        "place": tripoli.pk,
        "network": "coastal migrants",  # part of the name, any case
        "project": "SRP",  # the acronym
        "date_from": "2021-03-01",
        "date_to": "2021-03-31",
    }
    page = client.get(url, query).content.decode()
    assert "Matching Training" in page
    assert "Other Workshop" not in page and "Far Training" not in page
    page = client.get(url, {**query, "date_from": "2021-03-02"}).content.decode()
    assert "Matching Training" not in page
    for network_text, project_text in [
        (network.slug, project.slug),
        ("CMN", "return programme"),
        (network.slug, "Unknown Project"),
    ]:
        page = client.get(url, {"network": network_text, "project": project_text})
        shown = "Matching Training" in page.content.decode()
        assert shown == (project_text != "Unknown Project"), (network_text, project_text)


@pytest.mark.django_db
def test_the_project_filter_matches_translated_titles_and_only_projects_the_viewer_may_see(
    client,
):
    project = ProjectFactory(
        title="Safe Return Programme", title_translations={"ar": "برنامج العودة الآمنة"}
    )
    hidden = ProjectFactory(title="Hidden Staff Project", visibility=Visibility.STAFF)
    EventFactory(title="Arabic Match", project=project)
    EventFactory(title="Public Event Of A Hidden Project", project=hidden)
    url = reverse("events:event_list")
    assert "Arabic Match" in client.get(url, {"project": "العودة"}).content.decode()
    page = client.get(url, {"project": "Hidden Staff"}).content.decode()
    assert "Public Event Of A Hidden Project" not in page
    assert "No event matches these filters." in page


@pytest.mark.django_db
def test_the_filter_form_does_not_list_the_networks_and_projects(client):
    """The form is typed text for networks and projects: the page's filters stay the same
    size whatever their number (it listed every project, 2,000 at the benchmark's scale)."""
    url = reverse("events:event_list")
    _make_events(1)
    before = client.get(url).content.decode()
    for n in range(30):
        NetworkFactory(name=f"Listed Network {n}")
        ProjectFactory(title=f"Listed Project {n}")
    after = client.get(url).content.decode()
    assert "Listed Network" not in after and "Listed Project" not in after
    assert after.count("<option") == before.count("<option")
    assert 'type="search" name="project"' in after and 'type="search" name="network"' in after


@pytest.mark.django_db
def test_the_place_filter_lists_the_places_with_events_and_the_units_above_them(client):
    region = PlaceFactory(code="LY-R-X", name="West Region", level="region")
    district = PlaceFactory(code="LY-D-X", name="Coast District", level="district", parent=region)
    town = PlaceFactory(code="LY-T-X", name="Sea Town", level="municipality", parent=district)
    PlaceFactory(code="LY-T-Y", name="Empty Town", level="municipality", parent=district)
    EventFactory(title="Town Event", place=town)
    page = client.get(reverse("events:event_list")).content.decode()
    for name in ("West Region", "Coast District", "Sea Town"):
        assert f">{name}</option>" in page, name
    assert "Empty Town" not in page
    page = client.get(reverse("events:event_list"), {"place": region.pk}).content.decode()
    assert "Town Event" in page


@pytest.mark.django_db
def test_a_long_event_begun_before_the_period_is_in_it(client):
    """A period's filter reads only the events that start near it, going back as far as the
    longest event lasts (length_days, computed by the database even for bulk inserts)."""
    long_course = EventFactory(
        title="Long Course",
        starts_at=datetime(2020, 9, 1, 9, tzinfo=TRIPOLI),
        ends_at=datetime(2021, 1, 5, 17, tzinfo=TRIPOLI),
    )
    EventFactory(
        title="Ended Before",
        starts_at=datetime(2020, 12, 30, 9, tzinfo=TRIPOLI),
        ends_at=datetime(2020, 12, 31, 23, tzinfo=TRIPOLI),
    )
    Event.objects.bulk_create(
        [
            Event(
                title="Bulk Loaded Season",
                slug="bulk-loaded-season",
                type=EventType.WORKSHOP,
                starts_at=datetime(2020, 6, 1, 9, tzinfo=TRIPOLI),
                ends_at=datetime(2021, 2, 1, 17, tzinfo=TRIPOLI),
                start_date=datetime(2020, 6, 1).date(),
                end_date=datetime(2021, 2, 1).date(),
            )
        ]
    )
    long_course.refresh_from_db()
    assert long_course.length_days == 126
    assert Event.objects.get(slug="bulk-loaded-season").length_days == 245
    query = {"date_from": "2021-01-01", "date_to": "2021-01-31"}
    page = client.get(reverse("events:event_list"), query).content.decode()
    assert "Long Course" in page and "Bulk Loaded Season" in page
    assert "Ended Before" not in page
    calendar = client.get(reverse("events:event_calendar"), {"month": "2021-01"})
    assert "Long Course" in calendar.content.decode()
    assert "Bulk Loaded Season" in calendar.content.decode()


@pytest.mark.django_db
def test_the_calendar_puts_an_event_on_each_local_day(client):
    EventFactory(title="Three Day Workshop")  # 26-28 January 2021, Tripoli time
    page = client.get(reverse("events:event_calendar"), {"month": "2021-01"}).content.decode()
    assert page.count("Three Day Workshop") == 3


@pytest.mark.django_db
def test_public_pages_and_feeds_show_no_personal_data(client, public_event_with_people):
    event = public_event_with_people
    urls = [
        reverse("events:event_list"),
        reverse("events:event_calendar") + "?month=2021-01",
        reverse("events:event_detail", args=[event.slug]),
        reverse("events:event_ics", args=[event.slug]),
        reverse("events:events_feed"),
        reverse("core:home"),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert SECRET_NAME not in body and SECRET_EMAIL not in body and "123 4567" not in body, url
    detail = client.get(reverse("events:event_detail", args=[event.slug])).content.decode()
    assert "1 participant attended" in detail  # counts only


@pytest.mark.django_db
def test_the_organiser_sees_the_participants(client, public_event_with_people, staff_user):
    client.force_login(staff_user)
    detail = client.get(reverse("events:event_detail", args=["public-workshop"])).content.decode()
    assert SECRET_NAME in detail


@pytest.mark.django_db
def test_icalendar_feed_parses_back_with_local_times(client):
    EventFactory(slug="public-one", title="Public One")
    EventFactory(slug="members-one", title="Members One", visibility=Visibility.MEMBERS)
    response = client.get(reverse("events:events_feed"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Public One"]
    start = events[0].decoded("DTSTART")
    assert (start.hour, str(start.tzinfo)) == (9, "Africa/Tripoli")
    assert start.utcoffset() == timedelta(hours=2)
    assert any(str(tz["TZID"]) == "Africa/Tripoli" for tz in calendar.walk("VTIMEZONE"))


@pytest.mark.django_db
def test_per_event_ics_download(client):
    EventFactory(slug="one-event", title="One Event")
    response = client.get(reverse("events:event_ics", args=["one-event"]))
    assert 'filename="one-event.ics"' in response["Content-Disposition"]
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "One Event"
    assert event.decoded("DTEND").hour == 17


@pytest.mark.django_db
def test_hidden_events_are_404_for_the_public_and_outsiders(client, outsider):
    EventFactory(slug="staff-only", visibility=Visibility.STAFF, title="Staff Only")
    EventFactory(slug="members-only", visibility=Visibility.MEMBERS, title="Members Only")
    for who in (None, outsider):
        if who:
            client.force_login(who)
        for slug in ("staff-only", "members-only"):
            assert client.get(reverse("events:event_detail", args=[slug])).status_code == 404
            assert client.get(reverse("events:event_ics", args=[slug])).status_code == 404
        listing = client.get(reverse("events:event_list")).content.decode()
        assert "Staff Only" not in listing and "Members Only" not in listing


@pytest.mark.django_db
def test_a_members_event_is_seen_by_the_invited_networks_members(client, make_user):
    from shabaka.accounts.models import Role

    network = NetworkFactory()
    event = EventFactory(slug="members-only", visibility=Visibility.MEMBERS)
    services.invitation_create(event=event, invited_by=None, network=network, seats=1)
    coordinator = make_user(scoped=[(Role.COORDINATOR, network)])
    client.force_login(coordinator)
    assert client.get(reverse("events:event_detail", args=["members-only"])).status_code == 200


@pytest.mark.django_db
def test_organiser_views_are_refused_to_outsiders_and_anonymous(client, outsider, make_user):
    event = EventFactory(slug="public-workshop")
    participation = ParticipationFactory(event=event)
    get_urls = [
        reverse("events:event_console", args=[event.slug]),
        reverse("events:event_edit", args=[event.slug]),
        reverse("events:attendance_sheet", args=[event.slug]),
        reverse("events:feedback_results", args=[event.slug]),
        reverse("events:event_create"),
        reverse("events:invitation_create", args=[event.slug]),
        reverse("events:participant_add", args=[event.slug]),
    ]
    post_urls = [
        (reverse("events:event_step", args=[event.slug, "cancel"]), {"reason": "x"}),
        (reverse("events:invitation_create", args=[event.slug]), {"invite-seats": 3}),
        (reverse("events:participant_add", args=[event.slug]), {}),
        (reverse("events:session_add", args=[event.slug]), {}),
        (reverse("events:material_add", args=[event.slug]), {}),
        (
            reverse("events:attendance_set", args=[event.slug]),
            {"participation": participation.pk, "day": "2021-01-26", "mode": "online"},
        ),
    ]
    client.force_login(outsider)
    # A public event they may see, but not manage: 403 (core.refusals).
    for url in get_urls:
        assert client.get(url).status_code == 403, url
    for url, data in post_urls:
        assert client.post(url, data).status_code == 403, url
    client.logout()
    for url in get_urls:
        assert client.get(url).status_code == 302, url
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN
    assert not event.invitations.exists() and not participation.attendances.exists()


@pytest.mark.django_db
def test_invitation_and_nomination_views_are_404_for_outsiders(
    client, outsider, invitation, candidates, coordinator
):
    nomination = services.nomination_create(
        invitation=invitation, nominated_by=coordinator, person=candidates[0]
    )
    client.force_login(outsider)
    url = reverse("events:invitation_detail", args=[invitation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"nominate": "1", "person": candidates[1].pk}).status_code == 404
    for step in ("nominate", "confirm", "decline", "withdraw"):
        response = client.post(
            reverse("events:nomination_step", args=[nomination.pk, step]), {"reason": "x"}
        )
        assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.NOMINATED
    assert invitation.nominations.count() == 1


@pytest.mark.django_db
def test_a_member_proposes_but_cannot_nominate(client, member_user, invitation, candidates):
    client.force_login(member_user)
    url = reverse("events:invitation_detail", args=[invitation.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"propose": "1", "person": candidates[0].pk, "gender": "undisclosed"})
    assert invitation.nominations.get().status == NominationStatus.PROPOSED
    response = client.post(url, {"nominate": "1", "person": candidates[1].pk, "gender": "female"})
    assert response.status_code == 403
    assert invitation.nominations.count() == 1


@pytest.mark.django_db
def test_the_coordinator_nominates_in_place_with_htmx_and_over_the_seats_sees_why(
    client, coordinator, invitation, candidates
):
    client.force_login(coordinator)
    url = reverse("events:invitation_detail", args=[invitation.pk])
    for person in candidates[:2]:
        client.post(url, {"nominate": "1", "person": person.pk, "gender": "undisclosed"})
    response = client.post(url, {"nominate": "1", "person": candidates[2].pk, "gender": "female"})
    assert response.status_code == 400
    assert "All 2 seats of Tripoli Network are taken" in response.content.decode()
    proposal = services.nomination_propose(
        invitation=invitation, proposed_by=coordinator, person=candidates[3]
    )
    response = client.post(
        reverse("events:nomination_step", args=[proposal.pk, "nominate"]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert body.lstrip().startswith("<tr") and "are taken" in body


@pytest.mark.django_db
def test_the_organiser_confirms_and_records_attendance_in_place(
    client, staff_user, invitation, candidates, coordinator
):
    nomination = services.nomination_create(
        invitation=invitation, nominated_by=coordinator, person=candidates[0]
    )
    client.force_login(staff_user)
    console = client.get(reverse("events:event_console", args=[invitation.event.slug]))
    assert candidates[0].full_name in console.content.decode()
    response = client.post(
        reverse("events:nomination_step", args=[nomination.pk, "confirm"]),
        {"from": "console"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Confirmed" in response.content.decode()
    participation = nomination.participation
    response = client.post(
        reverse("events:attendance_set", args=[invitation.event.slug]),
        {"participation": participation.pk, "day": "2021-01-27", "mode": "online"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and 'value="online" selected' in response.content.decode()
    # Without JavaScript: a plain POST and a redirect back to the console.
    response = client.post(
        reverse("events:attendance_set", args=[invitation.event.slug]),
        {"participation": participation.pk, "day": "2021-01-28", "mode": "in_person"},
    )
    assert response.status_code == 302
    assert sorted(participation.attendances.values_list("mode", flat=True)) == [
        "in_person",
        "online",
    ]
    sheet = client.get(reverse("events:attendance_sheet", args=[invitation.event.slug]))
    assert candidates[0].full_name in sheet.content.decode()


@pytest.mark.django_db
def test_a_post_carrying_status_changes_nothing(client, staff_user):
    event = EventFactory(slug="status-test", status=EventStatus.PLANNED)
    client.force_login(staff_user)
    form = {
        "title": "Renamed",
        "type": "workshop",
        "format": "in_person",
        "starts_at": "2021-01-26T09:00",
        "ends_at": "2021-01-28T17:00",
        "time_zone": "Africa/Tripoli",
        "visibility": "public",
        "status": "held",
    }
    response = client.post(reverse("events:event_edit", args=[event.slug]), form)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Renamed" and event.status == EventStatus.PLANNED
    response = client.post(reverse("events:event_create"), {**form, "slug": "created-with-status"})
    assert Event.objects.get(slug="created-with-status").status == EventStatus.PLANNED
    # The service itself refuses a status, with a clear message.
    from shabaka.core.errors import Refused

    with pytest.raises(Refused, match="cannot be set here: status"):
        services.event_create(
            created_by=staff_user,
            slug="x",
            title="x",
            type="workshop",
            starts_at=datetime(2021, 1, 1, 9),
            ends_at=datetime(2021, 1, 1, 10),
            **{"status": "held"},
        )


@pytest.mark.django_db
def test_network_and_project_selectors_for_their_pages(db, outsider):
    from django.template.loader import render_to_string

    from shabaka.events.selectors import events_for_project

    network, project = NetworkFactory(), ProjectFactory()
    shown = EventFactory(title="Shown Event", project=project)
    shown.networks.add(network)
    hidden = EventFactory(title="Hidden Event", project=project, visibility=Visibility.STAFF)
    hidden.networks.add(network)
    rows, held = events_for_project(project=project, viewer=outsider)
    assert [row["title"] for row in rows] == ["Shown Event"] and held == 0
    from shabaka.events.network_page import network_section

    section = network_section(network=network, viewer=outsider)
    assert [row["title"] for row in section["network_events"]] == ["Shown Event"]
    html = render_to_string(
        "events/partials/network_events.html", {"network_events": section["network_events"]}
    )
    assert "Shown Event" in html and "Hidden Event" not in html
    # The row's link and its first day (the event's own date), made once in Python.
    assert f'href="{reverse("events:event_detail", args=[shown.slug])}"' in html
    assert f"{shown.start_date.day} " in html and str(shown.start_date.year) in html


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.STAFF])
def test_a_hidden_projects_name_is_not_shown_with_its_public_events(client, staff_user, visibility):
    project = ProjectFactory(title="Quiet Return Support", acronym="QRS", visibility=visibility)
    event = EventFactory(project=project, title="Open Workshop on Return")
    list_url = reverse("events:event_list") + "?date_from=2021-01-01&date_to=2021-12-31"
    page_url = reverse("events:event_detail", args=[event.slug])
    for url in (list_url, page_url):
        body = client.get(url).content.decode()
        assert "Open Workshop on Return" in body
        assert "QRS" not in body and "Quiet Return Support" not in body, url
    client.force_login(staff_user)
    assert "QRS" in client.get(list_url).content.decode()
    assert "Quiet Return Support" in client.get(page_url).content.decode()


@pytest.mark.django_db
def test_the_home_page_shows_an_event_under_way_that_began_long_ago(client):
    from django.utils import timezone

    now = timezone.now()
    EventFactory(
        title="Year-long Mentoring Programme",
        starts_at=now - timedelta(days=300),
        ends_at=now + timedelta(days=60),
    )
    EventFactory(
        title="Finished Seminar",
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=39),
    )
    body = client.get(reverse("core:home")).content.decode()
    assert "Year-long Mentoring Programme" in body
    assert "Finished Seminar" not in body
