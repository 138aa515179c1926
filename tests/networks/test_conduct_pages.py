"""Drafting, adopting and endorsing a code through the pages, by the users the rules allow."""

import pytest
from django.urls import reverse

from shabaka.networks.models import CodeOfConduct, CodeVersionStatus, EndorsementStatus
from tests.factories.networks import MembershipFactory


@pytest.mark.django_db
def test_a_coordinator_drafts_adopts_and_a_member_endorses(world, as_role, client):
    client = as_role("coordinator")
    response = client.post(
        reverse("networks:code_create") + "?network=net-one",
        {"title": "Second code", "text_en": "Be kind.", "text_ar": "كن لطيفا."},
    )
    assert response.status_code == 302
    code = CodeOfConduct.objects.get(title="Second code")
    version = code.versions.get()
    assert code.started_by_network == world.network
    client.post(
        reverse("networks:code_version_edit", args=[version.pk]),
        {"text_en": "Be kind and fair.", "text_ar": "", "note": "Fairness added"},
    )
    assert [(t.language, t.body) for t in version.texts.all()] == [("en", "Be kind and fair.")]
    response = client.post(
        reverse("networks:network_adopt_code", args=["net-one"]),
        {"version": version.pk, "adopted_on": "2021-01-10", "decision": "Assembly"},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == CodeVersionStatus.ADOPTED
    world.endorsement.refresh_from_db()
    assert world.endorsement.status == EndorsementStatus.RENEWAL_NEEDED
    page = client.get(reverse("networks:network_detail", args=["net-one"])).content.decode()
    assert "renewal needed" in page and "Second code, version 1" in page

    editor = as_role("editor")
    response = editor.post(
        reverse("networks:membership_endorse", args=[world.membership.pk]),
        {"signatory": "Chair of the board", "endorsed_on": "2021-01-20"},
    )
    assert response.status_code == 302
    endorsement = world.membership.endorsements.get(version=version)
    assert endorsement.endorsed_by == world.editor
    assert endorsement.signatory == "Chair of the board"
    # The adopted text cannot be edited any more, even through the page.
    client = as_role("coordinator")
    response = client.post(
        reverse("networks:code_version_edit", args=[version.pk]), {"text_en": "Changed"}
    )
    assert "Only a draft can be edited" in response.content.decode()
    assert version.texts.get().body == "Be kind and fair."


@pytest.mark.django_db
def test_endorsing_from_the_page_when_not_active_is_refused_with_a_message(world, as_role):
    membership = MembershipFactory(
        network=world.network,
        organisation=world.member.__class__.objects.create(
            name="Suspended Org", kind="cso", country=world.member.country
        ),
        status="suspended",
    )
    from django.contrib.contenttypes.models import ContentType

    from shabaka.accounts.models import Role, RoleAssignment

    RoleAssignment.objects.create(
        user=world.editor,
        role=Role.ORG_EDITOR,
        scope_type=ContentType.objects.get_for_model(membership.organisation),
        scope_id=membership.organisation.pk,
    )
    client = as_role("editor")
    response = client.post(
        reverse("networks:membership_endorse", args=[membership.pk]),
        {"endorsed_on": "2024-01-01"},
    )
    assert response.status_code == 200
    assert "Only an active member can endorse the code" in response.content.decode()
    assert not membership.endorsements.exists()


@pytest.mark.django_db
def test_the_code_page_hides_drafts_from_those_who_cannot_draft(world, as_role):
    from shabaka.networks import conduct

    conduct.code_version_draft(code=world.code, created_by=None)
    url = reverse("networks:code_detail", args=[world.code.pk])
    assert "Version 2" not in as_role("anonymous").get(url).content.decode()
    assert "Version 2" in as_role("coordinator").get(url).content.decode()


@pytest.mark.django_db
def test_staff_create_a_network_and_an_organisation_from_the_pages(world, as_role):
    client = as_role("staff")
    response = client.post(
        reverse("networks:network_create"),
        {
            "name": "New Network",
            "slug": "new-network",
            "kind": "network",
            "country": world.network.country_id,
            "visibility": "public",
            "status": "active",
        },
    )
    assert response.status_code == 302
    from shabaka.networks.models import Network, NetworkStatus

    assert Network.objects.get(slug="new-network").status == NetworkStatus.FORMING
    response = client.post(
        reverse("directory:organisation_create"),
        {
            "name": "PUBLIC member   association",  # the same as an existing one
            "name_language": "en",
            "kind": "cso",
            "country": world.member.country_id,
            "contact_visibility": "members",
            "visibility": "public",
        },
    )
    assert response.status_code == 200
    assert "An organisation with this name already exists" in response.content.decode()
    response = client.post(
        reverse("directory:person_create"),
        {"full_name": "Placeholder Chair", "organisation": world.member.pk, "gender": "female"},
    )
    assert response.status_code == 302
    assert world.member.people.filter(full_name="Placeholder Chair").exists()
