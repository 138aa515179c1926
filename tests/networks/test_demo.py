"""The demo tells the first seed story: four example networks, a common code adopted before the
January 2021 workshop, the national platform forming, a pending application to approve."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from shabaka.accounts.models import Role, RoleAssignment
from shabaka.directory.models import Organisation
from shabaka.networks.models import (
    CodeAdoption,
    Endorsement,
    MembershipStatus,
    Network,
    NetworkKind,
    NetworkStatus,
)

SLUGS = ["demo-net-tripoli", "demo-net-benghazi", "demo-net-sabha", "demo-net-misrata"]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_demo_networks_their_code_and_the_platform(demo, client):
    for slug in SLUGS:
        network = Network.objects.get(slug=slug)
        assert "(example)" in network.name
        members = network.memberships.filter(status=MembershipStatus.ACTIVE)
        assert 5 <= members.count() <= 8
        assert all(
            m.organisation.places.filter(level="municipality", code__startswith="LY").exists()
            for m in members
        )
        adoption = CodeAdoption.objects.get(network=network, replaced_at__isnull=True)
        assert adoption.adopted_on < datetime.date(2021, 1, 26)
        endorsed = Endorsement.objects.filter(membership__in=members).count()
        assert endorsed > members.count() / 2
    assert CodeAdoption.objects.values("version").distinct().count() == 1  # one common code
    platform = Network.objects.get(slug="libya-national-platform")
    assert platform.kind == NetworkKind.PLATFORM and platform.status == NetworkStatus.FORMING
    assert set(platform.memberships.values_list("member_network__slug", flat=True)) == set(SLUGS)
    tripoli = Network.objects.get(slug="demo-net-tripoli")
    assert tripoli.memberships.filter(status=MembershipStatus.APPLIED).count() == 1
    assert (
        RoleAssignment.objects.get(
            user__email="coordinator@demo.shabaka.invalid", role=Role.COORDINATOR
        ).scope
        == tripoli
    )
    edited = RoleAssignment.objects.get(
        user__email="editor@demo.shabaka.invalid", role=Role.ORG_EDITOR
    ).scope
    assert tripoli.memberships.filter(organisation=edited, status="active").exists()
    kinds = dict(
        Organisation.objects.filter(
            acronym__in=["EU", "SEM", "FDFA", "ICMPD", "NTBSM"]
        ).values_list("acronym", "kind")
    )
    assert kinds == {
        "EU": "donor",
        "SEM": "government",
        "FDFA": "government",
        "ICMPD": "international",
        "NTBSM": "government",
    }
    assert Organisation.objects.get(name="Swiss Confederation").country.code == "CH"
    # Unlisted members exist and stay off the public directory.
    unlisted = Organisation.objects.filter(visibility="members")
    assert unlisted.count() >= 2
    html = client.get(reverse("directory:organisation_list"), {"kind": "cso"}).content.decode()
    for organisation in unlisted:
        assert organisation.name not in html


@pytest.mark.django_db
def test_the_demo_coordinator_approves_the_pending_application(demo, client):
    from shabaka.accounts.models import User

    client.force_login(User.objects.get(email="coordinator@demo.shabaka.invalid"))
    tripoli = Network.objects.get(slug="demo-net-tripoli")
    application = tripoli.memberships.get(status=MembershipStatus.APPLIED)
    page = client.get(reverse("networks:network_detail", args=["demo-net-tripoli"]))
    assert application.organisation.name in page.content.decode()
    client.post(reverse("networks:membership_decide", args=[application.pk]), {"action": "approve"})
    application.refresh_from_db()
    assert application.status == MembershipStatus.ACTIVE
