"""Meetings of a dialogue, states' delegations to them, and a focal point's briefing event."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shabaka.accounts.models import AuditEntry
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.core.visibility import Visibility
from shabaka.dialogues import services
from shabaka.dialogues.models import (
    DelegateRole,
    Delegation,
    DelegationMember,
    DialogueMeeting,
    FocalPointAppointment,
    HandoverStep,
)
from shabaka.events import services as event_services
from shabaka.events.models import EventType
from tests.dialogues.conftest import FEB_2022
from tests.factories.dialogues import OfficialFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db
TRIPOLI = ZoneInfo("Africa/Tripoli")


def meeting(dialogue, *, slug, when=datetime(2019, 3, 19, 9, 0), **kw):
    kw.setdefault("type", EventType.DIALOGUE_MEETING)
    event = EventFactory(
        slug=slug,
        title=kw.pop("title", f"Meeting {slug}"),
        starts_at=when.replace(tzinfo=TRIPOLI),
        ends_at=when.replace(hour=17, tzinfo=TRIPOLI),
        **kw,
    )
    services.meeting_link(dialogue=dialogue, event=event, linked_by=None)
    return event


def audited(model, action="create"):
    from django.contrib.contenttypes.models import ContentType

    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=action
    ).count()


# --- Briefing ----------------------------------------------------------------------------


def test_linking_the_briefing_event_ticks_the_checklist_with_the_events_date(appoint, staff_user):
    appointment = appoint(FEB_2022)
    workshop = EventFactory(
        starts_at=datetime(2022, 2, 15, 9, 0, tzinfo=TRIPOLI),
        ends_at=datetime(2022, 2, 16, 15, 0, tzinfo=TRIPOLI),
    )
    services.appointment_link_briefing(
        appointment=appointment, event=workshop, linked_by=staff_user
    )
    appointment.refresh_from_db()
    assert appointment.briefing_event == workshop
    step = HandoverStep.objects.get(appointment=appointment, item="briefing")
    assert (step.done_on, step.done_by) == (date(2022, 2, 15), staff_user)
    assert list(workshop.focal_point_briefings.all()) == [appointment]
    from django.contrib.contenttypes.models import ContentType

    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(FocalPointAppointment), action="update"
    ).latest("id")
    assert entry.actor == staff_user and "briefing_event" in str(entry.changes)


def test_a_briefing_before_the_appointment_or_on_an_ended_one_is_refused(appoint, staff_user):
    earlier = appoint(date(2017, 1, 1))
    current = appoint(FEB_2022)
    old_event = EventFactory()  # January 2021, before the 2022 appointment
    with pytest.raises(Refused, match="before the appointment started"):
        services.appointment_link_briefing(
            appointment=current, event=old_event, linked_by=staff_user
        )
    earlier.refresh_from_db()
    with pytest.raises(InvalidTransition):
        services.appointment_link_briefing(
            appointment=earlier, event=old_event, linked_by=staff_user
        )
    assert not FocalPointAppointment.objects.filter(briefing_event__isnull=False).exists()


def test_staff_record_the_briefing_on_the_appointment_page(client, appoint, staff_user):
    appointment = appoint(FEB_2022)
    workshop = EventFactory(
        title="Introductory workshop",
        starts_at=datetime(2022, 2, 15, 9, 0, tzinfo=TRIPOLI),
        ends_at=datetime(2022, 2, 16, 15, 0, tzinfo=TRIPOLI),
    )
    client.force_login(staff_user)
    url = f"/dialogues/appointments/{appointment.pk}/"
    page = client.get(url).content.decode()
    assert "Record the briefing" in page and "Introductory workshop" in page
    response = client.post(f"{url}briefing/", {"briefing-event": workshop.pk})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.briefing_event == workshop
    assert f"/events/{workshop.slug}/" in client.get(url).content.decode()


def test_an_outsider_cannot_record_a_briefing(client, appoint, outsider, viewer_user):
    appointment = appoint(FEB_2022)
    workshop = EventFactory(
        starts_at=datetime(2022, 2, 15, 9, 0, tzinfo=TRIPOLI),
        ends_at=datetime(2022, 2, 16, 15, 0, tzinfo=TRIPOLI),
    )
    url = f"/dialogues/appointments/{appointment.pk}/briefing/"
    assert client.post(url, {"briefing-event": workshop.pk}).status_code == 302  # to sign in
    for user in (outsider, viewer_user):
        client.force_login(user)
        assert client.post(url, {"briefing-event": workshop.pk}).status_code == 404
    appointment.refresh_from_db()
    assert appointment.briefing_event is None


# --- Meetings ------------------------------------------------------------------------------


def test_the_dialogue_page_lists_its_meetings_the_viewer_may_see(client, dialogue, staff_user):
    meeting(dialogue, slug="public-meeting", title="Public senior officials' meeting")
    meeting(
        dialogue,
        slug="staff-meeting",
        title="Closed steering meeting",
        visibility=Visibility.STAFF,
    )
    EventFactory(slug="unrelated", title="Unrelated training")
    page = client.get(f"/dialogues/{dialogue.slug}/").content.decode()
    assert "Public senior officials&#x27; meeting" in page
    assert f"/dialogues/{dialogue.slug}/meetings/public-meeting/" in page
    assert "/events/public-meeting/" in page
    assert "Closed steering meeting" not in page and "Unrelated training" not in page
    client.force_login(staff_user)
    assert "Closed steering meeting" in client.get(f"/dialogues/{dialogue.slug}/").content.decode()
    client.logout()
    assert client.get(f"/dialogues/{dialogue.slug}/meetings/staff-meeting/").status_code == 404
    assert client.get(f"/dialogues/{dialogue.slug}/meetings/unrelated/").status_code == 404


def test_linking_a_meeting_twice_keeps_one_link_and_a_cancelled_event_is_refused(
    dialogue, staff_user
):
    event = EventFactory(type=EventType.DIALOGUE_MEETING)
    first = services.meeting_link(dialogue=dialogue, event=event, linked_by=staff_user)
    assert services.meeting_link(dialogue=dialogue, event=event, linked_by=staff_user) == first
    assert DialogueMeeting.objects.count() == 1 and audited(DialogueMeeting) == 1
    cancelled = EventFactory()
    event_services.event_cancel(event=cancelled, by=staff_user, reason="Postponed")
    with pytest.raises(Refused):
        services.meeting_link(dialogue=dialogue, event=cancelled, linked_by=staff_user)
    assert DialogueMeeting.objects.count() == 1


def test_the_secretariat_links_a_meeting_through_the_form(client, dialogue, secretariat_user):
    event = EventFactory(type=EventType.DIALOGUE_MEETING, slug="som-2019")
    client.force_login(secretariat_user)
    url = f"/dialogues/{dialogue.slug}/meetings/link/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"event": event.pk, "note": "Senior officials"})
    assert response.status_code == 302
    assert response["Location"] == f"/dialogues/{dialogue.slug}/meetings/som-2019/"
    assert DialogueMeeting.objects.get().linked_by == secretariat_user


def test_outsiders_cannot_link_meetings(client, dialogue, outsider):
    event = EventFactory(type=EventType.DIALOGUE_MEETING)
    url = f"/dialogues/{dialogue.slug}/meetings/link/"
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.post(url, {"event": event.pk}).status_code == 403
    assert not DialogueMeeting.objects.exists()


# --- Delegations ---------------------------------------------------------------------------


def test_a_delegation_with_its_head_and_a_member_linked_to_the_states_nomination(
    dialogue, libya, staff_user
):
    event = meeting(dialogue, slug="som")
    invitation = event_services.invitation_create(
        event=event, invited_by=staff_user, country=libya, seats=2
    )
    head, delegate = OfficialFactory(), OfficialFactory()
    nomination = event_services.nomination_create(
        invitation=invitation, nominated_by=staff_user, person=delegate
    )
    delegation = services.delegation_create(
        event=event, country=libya, head=head, created_by=staff_user
    )
    member = services.delegation_add_member(
        delegation=delegation, person=delegate, role=DelegateRole.ADVISER, added_by=staff_user
    )
    assert member.nomination == nomination
    assert delegation.head == head
    assert sorted(delegation.members.values_list("role", flat=True)) == ["adviser", "head"]
    assert audited(Delegation) == 1 and audited(DelegationMember) == 2


def test_one_delegation_per_meeting_and_state_and_one_head(dialogue, libya, staff_user):
    event = meeting(dialogue, slug="som")
    delegation = services.delegation_create(event=event, country=libya, created_by=staff_user)
    with pytest.raises(Refused, match="already has a delegation"):
        services.delegation_create(event=event, country=libya, created_by=staff_user)
    head = OfficialFactory()
    services.delegation_add_member(
        delegation=delegation, person=head, role=DelegateRole.HEAD, added_by=staff_user
    )
    with pytest.raises(Refused, match="already has a head"):
        services.delegation_add_member(
            delegation=delegation, person=OfficialFactory(), role="head", added_by=staff_user
        )
    with pytest.raises(Refused, match="already in the delegation"):
        services.delegation_add_member(delegation=delegation, person=head, added_by=staff_user)
    assert Delegation.objects.count() == 1 and DelegationMember.objects.count() == 1


def test_a_delegation_needs_a_meeting_of_a_dialogue_the_state_takes_part_in(
    dialogue, libya, staff_user
):
    from tests.factories.directory import CountryFactory

    not_a_meeting = EventFactory()
    with pytest.raises(Refused, match="not a meeting of any dialogue"):
        services.delegation_create(event=not_a_meeting, country=libya, created_by=staff_user)
    event = meeting(dialogue, slug="som")
    with pytest.raises(Refused, match="takes part in none"):
        services.delegation_create(
            event=event, country=CountryFactory(code="NO", name="Norway"), created_by=staff_user
        )
    assert not Delegation.objects.exists()


def test_the_state_page_lists_the_meetings_attended_over_the_years(
    client, dialogue, libya, staff_user
):
    for year in (2017, 2019, 2021):
        event = meeting(dialogue, slug=f"som-{year}", when=datetime(year, 5, 10, 9, 0))
        services.delegation_create(event=event, country=libya, created_by=staff_user)
    hidden = meeting(dialogue, slug="closed-2020", visibility=Visibility.STAFF)
    services.delegation_create(event=hidden, country=libya, created_by=staff_user)
    page = client.get("/dialogues/states/LY/").content.decode()
    assert "3 meetings attended since 2017." in page
    assert page.index("som-2017") < page.index("som-2019") < page.index("som-2021")
    assert "Meeting closed-2020" not in page
    client.force_login(staff_user)
    assert "4 meetings attended since 2017." in client.get("/dialogues/states/LY/").content.decode()


def test_delegates_names_are_shown_only_to_those_allowed(
    client, dialogue, libya, staff_user, secretariat_user, outsider
):
    event = meeting(dialogue, slug="som")
    head = OfficialFactory(full_name="Hidden Head Official")
    delegation = services.delegation_create(
        event=event, country=libya, head=head, created_by=staff_user
    )
    urls = [f"/dialogues/delegations/{delegation.pk}/", f"/dialogues/{dialogue.slug}/meetings/som/"]
    for user in (None, outsider):
        if user:
            client.force_login(user)
        for url in urls:
            page = client.get(url).content.decode()
            assert "Hidden Head Official" not in page and "name not shown" in page
    for user in (staff_user, secretariat_user):
        client.force_login(user)
        for url in urls:
            assert "Hidden Head Official" in client.get(url).content.decode()


def test_the_secretariat_records_a_delegation_and_its_members_through_the_forms(
    client, dialogue, libya, secretariat_user
):
    meeting(dialogue, slug="som")
    client.force_login(secretariat_user)
    head, member = OfficialFactory(), OfficialFactory()
    response = client.post(
        f"/dialogues/{dialogue.slug}/meetings/som/delegations/",
        {"delegation-country": libya.pk, "delegation-head": head.pk},
    )
    delegation = Delegation.objects.get()
    assert response["Location"] == f"/dialogues/delegations/{delegation.pk}/"
    response = client.post(response["Location"], {"person": member.pk, "role": "delegate"})
    assert response.status_code == 302
    assert set(delegation.members.values_list("person_id", "role")) == {
        (head.pk, "head"),
        (member.pk, "delegate"),
    }
    # Twice the same state: refused with the reason, nothing added.
    response = client.post(
        f"/dialogues/{dialogue.slug}/meetings/som/delegations/", {"delegation-country": libya.pk}
    )
    assert response.status_code == 400
    assert Delegation.objects.count() == 1


def test_outsiders_cannot_record_delegations(client, dialogue, libya, outsider, staff_user):
    event = meeting(dialogue, slug="som")
    delegation = services.delegation_create(event=event, country=libya, created_by=staff_user)
    person = OfficialFactory()
    client.force_login(outsider)
    assert (
        client.post(
            f"/dialogues/{dialogue.slug}/meetings/som/delegations/",
            {"delegation-country": libya.pk},
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/dialogues/delegations/{delegation.pk}/", {"person": person.pk, "role": "delegate"}
        ).status_code
        == 403
    )
    assert not DelegationMember.objects.exists()
    client.logout()
    assert client.get(f"/dialogues/delegations/{delegation.pk}/").status_code == 200


def _state_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dialogues/states/LY/").status_code == 200
    return len(queries)


def test_the_state_page_runs_a_fixed_number_of_queries_as_meetings_grow(
    client, dialogue, libya, staff_user
):
    def add(n, start):
        for i in range(start, start + n):
            event = meeting(dialogue, slug=f"som-{i}", when=datetime(2017 + i % 5, 5, 10, 9, 0))
            delegation = services.delegation_create(
                event=event, country=libya, created_by=staff_user
            )
            services.delegation_add_member(
                delegation=delegation, person=OfficialFactory(), added_by=staff_user
            )

    add(2, 0)
    few = _state_page_queries(client)
    add(8, 2)
    assert _state_page_queries(client) == few


def test_the_admin_reads_meetings_and_delegations(client, dialogue, libya, staff_user, admin_user):
    event = meeting(dialogue, slug="som")
    delegation = services.delegation_create(
        event=event, country=libya, head=OfficialFactory(), created_by=staff_user
    )
    admin_user.is_staff = True
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    link = DialogueMeeting.objects.get()
    for url in (
        "/admin/dialogues/delegation/",
        f"/admin/dialogues/delegation/{delegation.pk}/change/",
        "/admin/dialogues/dialoguemeeting/",
        f"/admin/dialogues/dialoguemeeting/{link.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/dialogues/delegation/add/").status_code == 403
