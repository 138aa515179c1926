import pytest

from tests.factories.networks import NetworkFactory
from tests.factories.plans import make_full_plan, member_of


@pytest.fixture
def network(db):
    return NetworkFactory(slug="demo-net-tripoli")


@pytest.fixture
def coordinator(make_user, network):
    return make_user(scoped=[("coordinator", network)], email="coordinator@example.org")


@pytest.fixture
def lead(network):
    return member_of(network, name="Tripoli Association for Migrants")


@pytest.fixture
def lead_editor(make_user, lead):
    return make_user(scoped=[("org_editor", lead)], email="editor@example.org")


@pytest.fixture
def member_editor(make_user, network):
    """Editor of another member organisation of the same network (not the lead)."""
    return make_user(scoped=[("org_editor", member_of(network))], email="member@example.org")


@pytest.fixture
def plan(network, coordinator):
    return make_full_plan(network=network, by=coordinator, activities=2)
