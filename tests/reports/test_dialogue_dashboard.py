"""A dialogue's dashboard for a state: meetings attended per year, focal points on a timeline,
names only to those the dialogues rules allow."""

from datetime import date

import pytest
from django.urls import reverse

from shabaka.events.models import EventType, Invitation, Nomination, NominationStatus
from tests.factories.dialogues import DialogueFactory, OfficialFactory, PartnerStateFactory
from tests.factories.directory import CountryFactory, OrganisationFactory
from tests.reports.conftest import attend, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialogue_world(db):
    from shabaka.dialogues.services import appointment_create

    libya = CountryFactory(code="LY")
    secretariat = OrganisationFactory(name="Dialogue Secretariat", kind="secretariat")
    dialogue = DialogueFactory(slug="rabat", short_name="Rabat Process", secretariat=secretariat)
    PartnerStateFactory(dialogue=dialogue, country=libya)
    first = OfficialFactory(full_name="First Official Placeholder")
    second = OfficialFactory(full_name="Second Official Placeholder")
    for person, started in ((first, date(2018, 1, 1)), (second, date(2021, 6, 1))):
        appointment_create(
            dialogue=dialogue,
            country=libya,
            function="national",
            person=person,
            started_on=started,
            act_reference="Decree 1",
            act_date=started,
            created_by=None,
        )
    # Meetings: 2019 (the state attended through its delegation), 2020 (attended by a Libyan
    # body), 2020 (not attended), and a workshop of the secretariat (not a meeting).
    for start, attended_by in (
        (date(2019, 5, 1), "delegation"),
        (date(2020, 3, 1), "body"),
        (date(2020, 9, 1), None),
    ):
        meeting = make_event(start=start, type=EventType.DIALOGUE_MEETING)
        meeting.organisers.add(secretariat)
        if attended_by == "delegation":
            invitation = Invitation.objects.create(event=meeting, country=libya, seats=2)
            official = OfficialFactory()
            nomination = Nomination.objects.create(
                invitation=invitation,
                event=meeting,
                person=official,
                status=NominationStatus.CONFIRMED,
            )
            participation = attend(meeting, person=official)
            participation.nomination = nomination
            participation.save()
        elif attended_by == "body":
            attend(meeting, organisation=OrganisationFactory(country=libya, kind="government"))
    workshop = make_event(start=date(2020, 4, 1))
    workshop.organisers.add(secretariat)
    attend(workshop, organisation=OrganisationFactory(country=libya))
    return dialogue


def test_meetings_attended_per_year(client, dialogue_world):
    response = client.get(reverse("reports:dialogue_dashboard", args=["rabat", "ly"]))
    assert response.status_code == 200
    assert response.context["figures"]["meetings_by_year"] == [(2019, 1), (2020, 1)]


def test_focal_point_names_only_to_those_allowed(client, dialogue_world, outsider, staff_user):
    url = reverse("reports:dialogue_dashboard", args=["rabat", "LY"])
    for user in (None, outsider):
        if user:
            client.force_login(user)
        body = client.get(url).content.decode()
        assert "First Official Placeholder" not in body
        assert "Name not shown" in body
    client.force_login(staff_user)
    body = client.get(url).content.decode()
    assert "First Official Placeholder" in body and "Second Official Placeholder" in body
    assert "Focal points over time" in body


def test_unknown_dialogue_or_country_is_a_404(client, dialogue_world):
    assert client.get(reverse("reports:dialogue_dashboard", args=["nope", "LY"])).status_code == 404
    assert (
        client.get(reverse("reports:dialogue_dashboard", args=["rabat", "ZZ"])).status_code == 404
    )


def test_a_delegation_to_a_linked_meeting_counts_as_attended(client, dialogue_world, staff_user):
    """A meeting linked to the dialogue (not organised by its secretariat), where the state
    had a delegation recorded through the dialogues services, counts for its year."""
    from shabaka.dialogues.meeting_services import delegation_create, meeting_link
    from shabaka.directory.models import Country

    linked = make_event(start=date(2017, 11, 20), type=EventType.DIALOGUE_MEETING)
    meeting_link(dialogue=dialogue_world, event=linked, linked_by=staff_user)
    delegation_create(event=linked, country=Country.objects.get(code="LY"), created_by=staff_user)
    response = client.get(reverse("reports:dialogue_dashboard", args=["rabat", "ly"]))
    assert response.context["figures"]["meetings_by_year"] == [(2017, 1), (2019, 1), (2020, 1)]
