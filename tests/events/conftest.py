import pytest

from shabaka.accounts.models import Role
from tests.factories.directory import OrganisationFactory, PersonFactory
from tests.factories.events import EventFactory, InvitationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory


@pytest.fixture
def network(db):
    return NetworkFactory(slug="demo-net-tripoli", name="Tripoli Network")


@pytest.fixture
def member_org(network):
    return MembershipFactory(network=network).organisation


@pytest.fixture
def coordinator(make_user, network):
    return make_user(scoped=[(Role.COORDINATOR, network)], email="coord@example.org")


@pytest.fixture
def member_user(make_user, member_org):
    return make_user(scoped=[(Role.ORG_EDITOR, member_org)], email="member@example.org")


@pytest.fixture
def event(db):
    return EventFactory(slug="tripoli-workshop")


@pytest.fixture
def invitation(event, network):
    return InvitationFactory(event=event, network=network, seats=2)


@pytest.fixture
def candidates(member_org):
    return [
        PersonFactory(organisation=member_org, full_name=f"Candidate Person {i}") for i in range(5)
    ]


@pytest.fixture
def organiser_org(db):
    return OrganisationFactory(name="Organising Centre")
