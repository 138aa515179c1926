"""The network page shows the network's action plan (from plans) and its events (from
events) through the networks app's section hook, as far as the viewer may see them."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shabaka.accounts.models import Role
from shabaka.core.visibility import Visibility
from shabaka.plans import services as plan_services
from tests.factories.events import EventFactory, InvitationFactory
from tests.factories.networks import NetworkFactory
from tests.factories.plans import make_activity, make_objective, make_plan, member_of

pytestmark = pytest.mark.django_db
TRIPOLI = ZoneInfo("Africa/Tripoli")


@pytest.fixture
def network():
    return NetworkFactory(slug="net-one", name="Network One")


@pytest.fixture
def member_user(make_user, network):
    return make_user(scoped=[(Role.ORG_EDITOR, member_of(network))])


def plan_with(network, *, by, visibility, activities=1, title="Plan of Network One"):
    plan = make_plan(network=network, by=by, visibility=visibility, title=title)
    objective = make_objective(plan, by=by)
    for n in range(activities):
        make_activity(objective, by=by, title=f"Activity {n}", code=f"1.{n}")
    plan_services.plan_adopt(plan=plan, adopted_by=by, adopted_on=date(2021, 1, 28))
    return plan


def event_for(network, n=0, **kw):
    event = EventFactory(
        title=kw.pop("title", f"Network workshop {n}"),
        starts_at=datetime(2021, 1, 26, 9, 0, tzinfo=TRIPOLI) + timedelta(days=n),
        ends_at=datetime(2021, 1, 26, 17, 0, tzinfo=TRIPOLI) + timedelta(days=n),
        **kw,
    )
    event.networks.add(network)
    return event


def test_a_member_sees_the_plan_and_the_events_of_the_network(
    client, network, member_user, staff_user
):
    plan = plan_with(network, by=staff_user, visibility=Visibility.MEMBERS, activities=2)
    event_for(network, title="Tripoli workshop")
    invited = EventFactory(title="Invited consultation")
    InvitationFactory(event=invited, network=network)
    client.force_login(member_user)
    page = client.get("/networks/net-one/").content.decode()
    assert "Plan of Network One" in page and f"/plans/{plan.pk}/" in page
    assert "/plans/network/net-one/dashboard/" in page
    assert "Tripoli workshop" in page and "Invited consultation" in page


def test_the_public_does_not_see_a_members_only_plan(client, network, staff_user):
    plan_with(network, by=staff_user, visibility=Visibility.MEMBERS)
    event_for(network, title="Public workshop")
    event_for(network, n=1, title="Members' meeting", visibility=Visibility.MEMBERS)
    page = client.get("/networks/net-one/").content.decode()
    assert "Plan of Network One" not in page
    assert "Public workshop" in page and "Members&#x27; meeting" not in page


def test_the_public_sees_a_public_plan(client, network, staff_user):
    plan_with(network, by=staff_user, visibility=Visibility.PUBLIC)
    assert "Plan of Network One" in client.get("/networks/net-one/").content.decode()


def test_a_joint_activity_shows_on_the_partner_networks_page(
    client, network, member_user, staff_user
):
    other = NetworkFactory(slug="net-two", name="Network Two")
    plan = make_plan(network=other, by=staff_user, visibility=Visibility.MEMBERS)
    objective = make_objective(plan, by=staff_user)
    # Led by an organisation that is a member of both networks: a joint activity.
    lead = member_of(other)
    from tests.factories.networks import MembershipFactory

    MembershipFactory(network=network, organisation=lead)
    make_activity(objective, lead=lead, title="Joint awareness campaign", by=staff_user)
    client.force_login(staff_user)
    page = client.get("/networks/net-one/").content.decode()
    assert "Joint awareness campaign" in page and "Network Two" in page


def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/networks/net-one/").status_code == 200
    return len(captured)


def test_the_network_page_runs_a_fixed_number_of_queries_as_activities_and_events_grow(
    client, network, member_user, staff_user
):
    plan_with(network, by=staff_user, visibility=Visibility.MEMBERS, activities=2)
    for n in range(2):
        event_for(network, n)
    client.force_login(member_user)
    few = page_queries(client)
    # A newer plan in force, with four times the activities, and five times the events.
    plan_with(network, by=staff_user, visibility=Visibility.MEMBERS, activities=8, title="v2")
    for n in range(2, 10):
        event_for(network, n)
    page = client.get("/networks/net-one/").content.decode()
    assert "v2" in page and "Network workshop 9" in page
    assert page_queries(client) == few
