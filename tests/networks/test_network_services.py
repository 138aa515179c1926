"""Networks are created forming, edited without touching kind, slug or status, and moved between
statuses only through network_set_status: all audited."""

import pytest
from django.urls import reverse

from shabaka.accounts.models import AuditEntry
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.networks import services
from shabaka.networks.models import NetworkStatus
from tests.factories.directory import CountryFactory, PlaceFactory


@pytest.mark.django_db
def test_a_network_is_created_forming_and_every_change_is_audited(staff_user):
    place = PlaceFactory()
    network = services.network_create(
        created_by=staff_user,
        name="Coastal Network",
        slug="coastal",
        country=CountryFactory(),
        places=[place],
    )
    assert network.status == NetworkStatus.FORMING
    services.network_update(network=network, updated_by=staff_user, mission="Protect")
    services.network_set_status(network=network, status=NetworkStatus.ACTIVE, decided_by=staff_user)
    actions = list(
        AuditEntry.objects.filter(object_id=str(network.pk), content_type__model="network")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "transition"]
    with pytest.raises(InvalidTransition):
        services.network_set_status(
            network=network, status=NetworkStatus.FORMING, decided_by=staff_user
        )
    with pytest.raises(Refused, match="cannot be changed here: slug, status"):
        services.network_update(
            network=network, updated_by=staff_user, slug="other", status="dormant"
        )
    network.refresh_from_db()
    assert (network.slug, network.status) == ("coastal", NetworkStatus.ACTIVE)


@pytest.mark.django_db
def test_the_coordinator_changes_the_status_through_a_named_action(world, as_role):
    client = as_role("coordinator")
    url = reverse("networks:network_status", args=["net-one"])
    client.post(url, {"action": "make_dormant"})
    world.network.refresh_from_db()
    assert world.network.status == NetworkStatus.DORMANT
    response = client.post(url, {"status": "active"}, follow=True)
    assert "Unknown action." in response.content.decode()
    world.network.refresh_from_db()
    assert world.network.status == NetworkStatus.DORMANT
    entry = AuditEntry.objects.get(
        object_id=str(world.network.pk), action="transition", content_type__model="network"
    )
    assert entry.actor == world.coordinator


@pytest.mark.django_db
def test_an_editor_edits_its_organisation_and_the_change_is_audited(world, as_role):
    client = as_role("editor")
    response = client.post(
        reverse("directory:organisation_edit", args=[world.member.pk]),
        {
            "name": world.member.name,
            "name_language": "en",
            "kind": "cso",
            "country": world.member.country_id,
            "contact_visibility": "staff",
            "visibility": "members",
            "acronym": "PMA",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(
        object_id=str(world.member.pk), action="update", content_type__model="organisation"
    )
    assert entry.actor == world.editor
    assert entry.changes["visibility"] == ["public", "members"]
    assert entry.changes["acronym"] == ["", "PMA"]
