"""Key signed-in pages run a fixed number of queries, whatever the number of rows they show:
measured with a few rows on each page, then again with ten times as many (members of the
network, activities of the plan, participants of the event, nominations of the invitation,
participants and events of the project, people and memberships of the organisation)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shabaka.accounts.models import Role
from shabaka.directory.models import Person
from shabaka.events.models import Invitation, Nomination, Participation
from shabaka.networks.models import Membership, MembershipStatus
from shabaka.projects.models import OrganisationRole, ParticipatingOrganisation
from tests.factories import bulk
from tests.factories.events import EventFactory
from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.projects import ProjectFactory

FEW, MANY = 3, 30


class Scene:
    """A network with its coordinator (and an organiser: a coordinator who also edits the
    member organisation organising an event),
    an adopted plan, an event with an invitation to the network, a project, and a member
    organisation with its editor; `grow(n)` adds n rows to every page."""

    def __init__(self, make_user):
        self.network = NetworkFactory(slug="scene-net")
        self.organisation = MembershipFactory(network=self.network).organisation
        self.plan = bulk.plans(1, network=self.network)[0]
        self.event = EventFactory(slug="scene-event")
        self.event.organisers.add(self.organisation)
        self.invitation = Invitation.objects.create(event=self.event, network=self.network, seats=5)
        self.project = ProjectFactory(slug="scene-project")
        self.coordinator = make_user(scoped=[(Role.COORDINATOR, self.network)])
        # The console is the organiser's: a coordinator who also edits an organiser.
        self.organiser = make_user(
            scoped=[(Role.COORDINATOR, self.network), (Role.ORG_EDITOR, self.organisation)]
        )
        self.staff = make_user(Role.STAFF)
        self.editor = make_user(scoped=[(Role.ORG_EDITOR, self.organisation)])
        self.grown = 0

    def people(self, count: int, *, start: int) -> list[Person]:
        rows = [
            Person(
                full_name=f"Person {bulk.marker('person', start + n)}",
                organisation=self.organisation,
                email=f"person{start + n}@example.org",
            )
            for n in range(count)
        ]
        return Person.objects.bulk_create(rows)

    def grow(self, count: int) -> None:
        start = self.grown
        # Network page: members; the organisation page: the networks it belongs to.
        bulk.members(self.network, count, start=start)
        for network in bulk.networks(count, start=start):
            Membership.objects.create(
                network=network,
                organisation=self.organisation,
                status=MembershipStatus.ACTIVE,
                joined_on=dt.date(2020, 1, 1),
            )
        # Plan page: activities (and an objective each time).
        bulk.activities(self.plan, count, start=start)
        # Event console and nominations: participants and nominations of people.
        people = self.people(2 * count, start=2 * start)
        Participation.objects.bulk_create(
            Participation(event=self.event, person=p, organisation=self.organisation)
            for p in people[:count]
        )
        Nomination.objects.bulk_create(
            Nomination(invitation=self.invitation, event=self.event, person=p)
            for p in people[count:]
        )
        self.grown += count
        # Project page: participating organisations and events.
        ParticipatingOrganisation.objects.bulk_create(
            ParticipatingOrganisation(
                project=self.project, organisation=org, role=OrganisationRole.IMPLEMENTING
            )
            for org in bulk.organisations(count, start=10_000 + start)
        )
        bulk.events(count, start=start, project=self.project)


def _pages(scene: Scene) -> list[tuple[str, object]]:
    return [
        (f"/networks/{scene.network.slug}/", scene.coordinator),
        (f"/plans/{scene.plan.pk}/", scene.coordinator),
        (f"/events/{scene.event.slug}/console/", scene.organiser),
        (f"/events/invitations/{scene.invitation.pk}/", scene.coordinator),
        (f"/projects/{scene.project.slug}/", scene.staff),
        (f"/organisations/{scene.organisation.pk}/", scene.editor),
    ]


def _counts(client, scene: Scene) -> dict[str, int]:
    counts = {}
    for path, user in _pages(scene):
        client.force_login(user)
        client.get(path)  # caches (content types, sites, rules) warm, as on a running server
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


@pytest.mark.django_db
def test_signed_in_pages_run_the_same_queries_with_ten_times_the_rows(client, make_user, settings):
    settings.PAGE_CACHE = False
    scene = Scene(make_user)
    scene.grow(FEW)
    few = _counts(client, scene)
    scene.grow(MANY - FEW)
    assert Nomination.objects.filter(invitation=scene.invitation).count() == MANY
    many = _counts(client, scene)
    assert many == few


@pytest.mark.django_db
def test_signed_in_pages_show_the_rows_added(client, make_user, settings):
    """The pages measured above do show the rows that grow (else equal counts prove nothing)."""
    settings.PAGE_CACHE = False
    scene = Scene(make_user)
    scene.grow(MANY)
    client.force_login(scene.coordinator)
    members = client.get(f"/networks/{scene.network.slug}/").text
    # The members table shows its first page (25 rows).
    assert len(set(re.findall(r"zq-org-\d{5}", members))) >= 25
    # The plan shows its activities 25 to a page.
    plan = f"/plans/{scene.plan.pk}/"
    first = set(re.findall(r"zq-activity-\d{5}", client.get(plan).text))
    second = set(re.findall(r"zq-activity-\d{5}", client.get(f"{plan}?page=2").text))
    assert len(first) == 25 and len(first | second) == MANY
    invitation = client.get(f"/events/invitations/{scene.invitation.pk}/").text
    assert "zq-person-" in invitation
