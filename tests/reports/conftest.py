"""A small world for the reports: networks with members over the years, a code in force and
its endorsements, a project with events of several types, participants who attended (or did
not), framework tags, news in Arabic, and people whose personal data must never show."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shabaka.core.visibility import Visibility
from shabaka.events.models import Attendance, AttendanceMode, EventType
from shabaka.networks.models import MembershipStatus
from tests.factories.content import NewsFactory
from tests.factories.directory import OrganisationFactory, PersonFactory
from tests.factories.events import EventFactory, ParticipationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory, adopted_code
from tests.factories.projects import ProjectFactory

TRIPOLI = ZoneInfo("Africa/Tripoli")
SECRET_EMAIL = "hidden.participant@private.example"
SECRET_PHONE = "+218 91 999 8877"
SECRET_NAME = "Hidden Participant Name"


def make_event(*, project=None, start=date(2021, 1, 26), days=1, **kw):
    starts = datetime(start.year, start.month, start.day, 9, tzinfo=TRIPOLI)
    return EventFactory(
        project=project,
        starts_at=starts,
        ends_at=starts + timedelta(days=days - 1, hours=8),
        **kw,
    )


def attend(event, *, gender="female", organisation=None, network=None, person=None, day=None):
    person = person or PersonFactory(
        gender=gender, organisation=organisation or OrganisationFactory()
    )
    participation = ParticipationFactory(
        event=event, person=person, organisation=person.organisation, network=network
    )
    Attendance.objects.create(
        participation=participation, day=day or event.start_date, mode=AttendanceMode.IN_PERSON
    )
    return participation


class ReportWorld:
    def __init__(self):
        from shabaka.networks import conduct

        self.network = NetworkFactory(slug="net-a", name="Network A")
        self.hidden_network = NetworkFactory(
            slug="net-hidden", name="Hidden Network", visibility=Visibility.MEMBERS
        )
        self.members = [
            MembershipFactory(network=self.network, joined_on=date(2019, 3, 1)),
            MembershipFactory(network=self.network, joined_on=date(2020, 5, 1)),
            MembershipFactory(network=self.network, joined_on=date(2020, 6, 1)),
            MembershipFactory(
                network=self.network,
                joined_on=date(2019, 1, 1),
                ended_on=date(2020, 12, 1),
                status=MembershipStatus.LEFT,
            ),
        ]
        MembershipFactory(network=self.hidden_network, joined_on=date(2020, 1, 1))
        self.code, self.version = adopted_code(self.network, adopted_on=date(2020, 1, 15))
        for membership in self.members[:2]:
            conduct.endorsement_create(
                membership=membership, version=self.version, endorsed_by=None
            )
        self.project = ProjectFactory(slug="proj", title="Project P", visibility=Visibility.PUBLIC)
        self.workshop = make_event(
            project=self.project, start=date(2021, 1, 26), days=3, title="Tripoli workshop"
        )
        self.workshop.networks.add(self.network)
        self.coaching = make_event(
            project=self.project,
            start=date(2020, 5, 10),
            type=EventType.COACHING,
            title="Coaching session",
        )
        self.staff_event = make_event(
            project=self.project,
            start=date(2020, 8, 10),
            type=EventType.CONSULTATION,
            visibility=Visibility.STAFF,
            title="Closed consultation",
        )
        cso = OrganisationFactory(kind="cso")
        gov = OrganisationFactory(kind="government")
        self.secret = PersonFactory(
            full_name=SECRET_NAME,
            email=SECRET_EMAIL,
            phone=SECRET_PHONE,
            gender="male",
            organisation=cso,
        )
        attend(self.workshop, person=self.secret, network=self.network)
        attend(self.workshop, gender="female", organisation=cso, network=self.network)
        attend(self.workshop, gender="female", organisation=gov)
        attend(self.coaching, gender="male", organisation=cso, network=self.network)
        attend(self.staff_event, gender="female", organisation=gov)
        # Registered but never attended: not a participant.
        ParticipationFactory(event=self.coaching, person=PersonFactory(gender="male"))
        self.news_ar = NewsFactory(
            title="ورشة عمل في طرابلس",
            language="ar",
            published_at=datetime(2021, 2, 1, tzinfo=TRIPOLI),
        )
        self.news_ar.projects.add(self.project)


@pytest.fixture
def world(db):
    return ReportWorld()
