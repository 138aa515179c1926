"""Write endpoints run the same services and rules as the pages."""

import pytest

from shabaka.accounts.models import ApiToken, AuditEntry, Role
from shabaka.networks.models import Membership, MembershipStatus
from tests.factories.directory import OrganisationFactory
from tests.factories.networks import NetworkFactory


@pytest.fixture
def setting(db, make_user):
    network = NetworkFactory(slug="west")
    organisation = OrganisationFactory()
    return {
        "network": network,
        "organisation": organisation,
        "editor": make_user(scoped=[(Role.ORG_EDITOR, organisation)]),
        "coordinator": make_user(scoped=[(Role.COORDINATOR, network)]),
        "other_coordinator": make_user(scoped=[(Role.COORDINATOR, NetworkFactory())]),
    }


def token_for(client, user):
    client.force_login(user)
    secret = client.post(
        "/api/v1/tokens", {"name": "script"}, content_type="application/json"
    ).json()["token"]
    client.logout()
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.django_db
def test_editor_applies_and_coordinator_approves_with_tokens(client, setting):
    editor_auth = token_for(client, setting["editor"])
    applied = client.post(
        "/api/v1/networks/west/applications",
        {"organisation_id": setting["organisation"].pk, "reason": "we work on protection"},
        content_type="application/json",
        **editor_auth,
    )
    assert applied.status_code == 201, applied.content
    membership_id = applied.json()["id"]
    assert applied.json()["status"] == "applied"

    refused = client.post(
        f"/api/v1/memberships/{membership_id}/decision",
        {"action": "approve"},
        content_type="application/json",
        **editor_auth,
    )
    assert refused.status_code == 403
    assert Membership.objects.get(pk=membership_id).status == MembershipStatus.APPLIED

    coordinator_auth = token_for(client, setting["coordinator"])
    approved = client.post(
        f"/api/v1/memberships/{membership_id}/decision",
        {"action": "approve"},
        content_type="application/json",
        **coordinator_auth,
    )
    assert approved.status_code == 200 and approved.json()["status"] == "active"
    again = client.post(
        f"/api/v1/memberships/{membership_id}/decision",
        {"action": "approve"},
        content_type="application/json",
        **coordinator_auth,
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    assert AuditEntry.objects.filter(object_id=str(membership_id), action="transition").count() == 1


@pytest.mark.django_db
def test_coordinator_of_another_network_cannot_decide(client, setting):
    from shabaka.networks import services

    membership = services.membership_apply(
        network=setting["network"],
        organisation=setting["organisation"],
        applied_by=setting["editor"],
    )
    client.force_login(setting["other_coordinator"])
    response = client.post(
        f"/api/v1/memberships/{membership.pk}/decision",
        {"action": "approve"},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


@pytest.mark.django_db
def test_a_status_field_in_the_body_is_refused(client, setting):
    client.force_login(setting["editor"])
    response = client.post(
        "/api/v1/networks/west/applications",
        {"organisation_id": setting["organisation"].pk, "status": "active", "role": "coordinator"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"status", "role"} <= set(response.json()["error"]["fields"])
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_session_writes_need_the_csrf_token(setting):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(setting["editor"])
    response = client.post(
        "/api/v1/networks/west/applications",
        {"organisation_id": setting["organisation"].pk},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_bad_input_is_a_400_with_field_errors(client, setting):
    client.force_login(setting["coordinator"])
    response = client.post(
        "/api/v1/memberships/1/decision", {"action": "explode"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "action" in response.json()["error"]["fields"]
    empty = client.post("/api/v1/networks/west/applications", {}, content_type="application/json")
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "refused"


@pytest.mark.django_db
def test_tokens_are_stored_hashed_listed_and_revoked(client, outsider):
    client.force_login(outsider)
    created = client.post(
        "/api/v1/tokens", {"name": "backup script"}, content_type="application/json"
    ).json()
    secret = created["token"]
    stored = ApiToken.objects.get()
    assert secret not in (stored.digest, stored.prefix) and secret.startswith(stored.prefix)
    listed = client.get("/api/v1/tokens").json()
    assert [t["name"] for t in listed] == ["backup script"] and "token" not in listed[0]
    client.logout()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/tokens", **auth).status_code == 200
    assert client.delete(f"/api/v1/tokens/{stored.pk}", **auth).status_code == 200
    assert client.get("/api/v1/tokens", **auth).status_code == 401


@pytest.mark.django_db
def test_tokens_page_shows_a_new_token_once(client, outsider):
    client.force_login(outsider)
    page = client.post("/accounts/me/tokens/", {"name": "laptop"}).content.decode()
    secret = ApiToken.objects.get().prefix
    assert secret in page and "will not be shown again" in page
    assert "will not be shown again" not in client.get("/accounts/me/tokens/").content.decode()
