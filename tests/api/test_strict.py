"""The API's schema is as strict as its rules: unknown fields and bodies of the wrong type are a
400 that changes nothing, public reads declare no authentication (and protected ones do),
pending applications stay with those who may decide them, and every refusal has the one
documented shape {"error": {"code", "message"}} with its documented status."""

import json

import pytest
from django.test import Client

from shabaka.accounts.models import Role
from shabaka.networks.models import MembershipStatus
from tests.factories.directory import OrganisationFactory
from tests.factories.events import EventFactory, InvitationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def post_json(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def assert_error_shape(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]), body


@pytest.fixture
def membership(make_user):
    network = NetworkFactory(slug="west")
    organisation = OrganisationFactory()
    membership = MembershipFactory(network=network, organisation=organisation)
    editor = make_user(scoped=[(Role.ORG_EDITOR, organisation)])
    return membership, editor


@pytest.mark.parametrize("body", [False, True, 0, "x", [], None, ["reason"]])
def test_a_body_of_the_wrong_type_does_not_end_a_membership(client, membership, body):
    membership, editor = membership
    client.force_login(editor)
    response = post_json(client, f"/api/v1/memberships/{membership.pk}/leave", body)
    assert_error_shape(response, 400)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_unknown_fields_are_refused_and_change_nothing(client, membership):
    membership, editor = membership
    client.force_login(editor)
    response = post_json(
        client,
        f"/api/v1/memberships/{membership.pk}/leave",
        {"reason": "moving on", "ended_on": "2000-01-01"},
    )
    assert_error_shape(response, 400)
    assert "ended_on" in response.json()["error"]["fields"]
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    applied = post_json(
        client,
        "/api/v1/networks/west/applications",
        {"organisation_id": OrganisationFactory().pk, "status": "active"},
    )
    assert_error_shape(applied, 400)
    assert "status" in applied.json()["error"]["fields"]


def test_the_leave_endpoint_still_takes_a_reason(client, membership):
    membership, editor = membership
    client.force_login(editor)
    response = post_json(client, f"/api/v1/memberships/{membership.pk}/leave", {"reason": "x"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == MembershipStatus.LEFT


def test_pending_applications_are_not_listed_to_anonymous_callers(client, membership):
    membership, _editor = membership
    pending = MembershipFactory(
        network=membership.network, organisation=OrganisationFactory(), status="applied"
    )
    listed = client.get("/api/v1/networks/west/members").json()
    ids = {m["id"] for m in listed["items"]}
    assert membership.pk in ids
    assert pending.pk not in ids


def test_a_full_invitation_answers_409(client, make_user):
    from tests.factories.directory import PersonFactory

    network = NetworkFactory(slug="west")
    organisation = OrganisationFactory()
    MembershipFactory(network=network, organisation=organisation)
    invitation = InvitationFactory(event=EventFactory(), network=network, seats=1)
    client.force_login(make_user(scoped=[(Role.COORDINATOR, network)]))
    url = f"/api/v1/invitations/{invitation.pk}/nominations"
    first = post_json(client, url, {"person_id": PersonFactory(organisation=organisation).pk})
    assert first.status_code == 201, first.content
    full = post_json(client, url, {"person_id": PersonFactory(organisation=organisation).pk})
    assert_error_shape(full, 409)
    assert "seats" in full.json()["error"]["message"]


def test_a_staff_write_before_the_second_factor_has_the_one_error_shape(make_user, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    settings.OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES = True
    client = Client()
    client.force_login(make_user("staff"))
    response = post_json(client, "/api/v1/tokens", {"name": "script"})
    assert_error_shape(response, 403)


def _operations():
    from shabaka.api.api import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield method, path, operation


def test_security_is_declared_as_it_is(client, membership):
    """An operation anonymous callers may use declares an empty security requirement; one that
    needs credentials does not. Asked of the running API: a GET without credentials."""
    membership, _editor = membership
    organisation = membership.organisation
    values = {
        "organisation_id": organisation.pk,
        "slug": "west",
        "membership_id": membership.pk,
    }
    wrong = []
    for method, path, operation in _operations():
        if method != "get":
            declared_public = {} in operation.get("security", [])
            assert not declared_public, f"{method} {path} is a write declared public"
            continue
        url = path
        for name, value in values.items():
            url = url.replace("{" + name + "}", str(value))
        if "{" in url:
            url = url.split("{")[0] + "1" + url.split("}", 1)[1]
        status = client.get(url).status_code
        declared_public = {} in operation.get("security", [])
        if (status != 401) != declared_public:
            wrong.append(f"GET {path}: anonymous gets {status}, declared public {declared_public}")
    assert not wrong, "\n".join(wrong)
