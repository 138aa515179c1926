"""The organiser's console: its attendance grid a page at a time, its two forms whose choices
run to every organisation or person (inviting a body, adding a participant) on pages of their
own, and the organisers asked once for all the invitations' rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shabaka.events.models import Invitation, Nomination, Participation
from shabaka.events.selectors import ATTENDANCE_PER_PAGE
from tests.factories.directory import PersonFactory
from tests.factories.networks import NetworkFactory

pytestmark = pytest.mark.django_db


def _participants(event, count: int) -> list[str]:
    names = [f"Participant {n:03}" for n in range(count)]
    people = [PersonFactory(full_name=name) for name in names]
    Participation.objects.bulk_create(Participation(event=event, person=p) for p in people)
    return names


def test_the_attendance_grid_comes_a_page_at_a_time(client, staff_user, event):
    names = _participants(event, ATTENDANCE_PER_PAGE + 3)
    client.force_login(staff_user)
    url = reverse("events:event_console", args=[event.slug])
    first = client.get(url).content.decode()
    second = client.get(f"{url}?page=2").content.decode()
    assert [n for n in names if n in first] == names[:ATTENDANCE_PER_PAGE]
    assert [n for n in names if n in second] == names[ATTENDANCE_PER_PAGE:]
    assert 'rel="next"' in first
    # The printable sheet lists every participant.
    sheet = client.get(reverse("events:attendance_sheet", args=[event.slug])).content.decode()
    assert all(name in sheet for name in names)


def test_the_forms_with_long_choices_are_on_pages_of_their_own(client, staff_user, event):
    person = PersonFactory(full_name="Someone Choosable")
    network = NetworkFactory(name="Choosable Network")
    client.force_login(staff_user)
    console = client.get(reverse("events:event_console", args=[event.slug])).content.decode()
    assert "Someone Choosable" not in console and "Choosable Network" not in console
    invite_url = reverse("events:invitation_create", args=[event.slug])
    add_url = reverse("events:participant_add", args=[event.slug])
    assert f'href="{invite_url}"' in console and f'href="{add_url}"' in console

    page = client.get(invite_url)
    assert page.status_code == 200 and "Choosable Network" in page.content.decode()
    refused = client.post(invite_url, {"invite-network": network.pk})  # no seats
    assert refused.status_code == 400 and "Choosable Network" in refused.content.decode()
    assert not Invitation.objects.filter(event=event).exists()
    done = client.post(invite_url, {"invite-network": network.pk, "invite-seats": 2})
    assert done.status_code == 302 and done["Location"].endswith("/console/")
    assert Invitation.objects.get(event=event).network == network

    page = client.get(add_url)
    assert page.status_code == 200 and "Someone Choosable" in page.content.decode()
    done = client.post(add_url, {"participant-person": person.pk, "participant-role": "speaker"})
    assert done.status_code == 302
    assert Participation.objects.filter(event=event, person=person).exists()


def _console_queries(client, event) -> int:
    url = reverse("events:event_console", args=[event.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_console_asks_the_organisers_once_whatever_the_invitations(
    client, make_user, event, organiser_org
):
    from shabaka.accounts.models import Role

    event.organisers.add(organiser_org)
    organiser = make_user(scoped=[(Role.ORG_EDITOR, organiser_org)])
    client.force_login(organiser)

    def invite():  # a body with one nominee: its row asks what the organiser may do
        invitation = Invitation.objects.create(event=event, network=NetworkFactory(), seats=2)
        Nomination.objects.create(invitation=invitation, event=event, person=PersonFactory())

    invite()
    one = _console_queries(client, event)
    for _ in range(4):
        invite()
    assert _console_queries(client, event) == one


def test_the_invitation_page_counts_the_seats_taken_from_its_rows(
    client, staff_user, invitation, candidates
):
    from shabaka.events.models import NominationStatus

    statuses = [
        NominationStatus.NOMINATED,
        NominationStatus.CONFIRMED,
        NominationStatus.PROPOSED,
        NominationStatus.DECLINED,
    ]
    for person, status in zip(candidates, statuses, strict=False):
        Nomination.objects.create(
            invitation=invitation, event=invitation.event, person=person, status=status
        )
    client.force_login(staff_user)
    page = client.get(reverse("events:invitation_detail", args=[invitation.pk])).content.decode()
    assert f"2 of {invitation.seats} seats taken" in page
