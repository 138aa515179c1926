"""Read endpoints: what each viewer gets, pagination, filters, errors of one shape."""

import pytest

from shabaka.accounts.models import Role
from shabaka.core.visibility import Visibility
from tests.factories.directory import OrganisationFactory, PlaceFactory
from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.projects import ProjectFactory


@pytest.mark.django_db
def test_public_organisations_without_contact_details_for_anonymous(client):
    public = OrganisationFactory(name="Public Org", contact_visibility=Visibility.MEMBERS)
    OrganisationFactory(name="Unlisted Org", visibility=Visibility.MEMBERS)
    body = client.get("/api/v1/organisations").json()
    assert [o["name"] for o in body["items"]] == ["Public Org"]
    assert body["items"][0]["contact"] is None
    assert public.email not in str(body)
    assert client.get(f"/api/v1/organisations/{public.pk}").json()["id"] == public.pk


@pytest.mark.django_db
def test_an_unlisted_organisation_is_404_for_outsiders_and_visible_to_members(client, make_user):
    hidden = OrganisationFactory(visibility=Visibility.MEMBERS)
    network = NetworkFactory()
    MembershipFactory(network=network, organisation=hidden)
    colleague = OrganisationFactory()
    MembershipFactory(network=network, organisation=colleague)
    assert client.get(f"/api/v1/organisations/{hidden.pk}").status_code == 404
    client.force_login(make_user(scoped=[(Role.ORG_EDITOR, colleague)]))
    body = client.get(f"/api/v1/organisations/{hidden.pk}").json()
    assert body["contact"]["email"] == hidden.email


@pytest.mark.django_db
def test_filters_and_pagination(client):
    place = PlaceFactory(code="LY021104", name="Tripoli")
    for n in range(30):
        org = OrganisationFactory(name=f"Org {n:02d}")
        if n % 3 == 0:
            org.places.add(place)
    body = client.get("/api/v1/organisations", {"page_size": 10, "page": 2}).json()
    assert (body["count"], body["page"], body["pages"]) == (30, 2, 3)
    assert [o["name"] for o in body["items"]][0] == "Org 10"
    by_place = client.get("/api/v1/organisations", {"place": "LY021104"}).json()
    assert by_place["count"] == 10
    assert client.get("/api/v1/organisations", {"page_size": 1000}).json()["items"].__len__() == 30


@pytest.mark.django_db
def test_list_query_count_does_not_grow(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/organisations").status_code == 200
        return len(ctx.captured_queries)

    OrganisationFactory().places.add(PlaceFactory())
    few = count()
    for _ in range(20):
        OrganisationFactory().places.add(PlaceFactory())
    assert count() == few


@pytest.mark.django_db
def test_network_members_follow_membership_visibility(client):
    network = NetworkFactory(slug="west")
    MembershipFactory(network=network, organisation=OrganisationFactory(name="Shown"))
    MembershipFactory(
        network=network,
        organisation=OrganisationFactory(name="Hidden"),
        visibility=Visibility.MEMBERS,
    )
    names = [
        m["organisation_name"] for m in client.get("/api/v1/networks/west/members").json()["items"]
    ]
    assert names == ["Shown"]
    assert client.get("/api/v1/networks/nope/members").status_code == 404


@pytest.mark.django_db
def test_staff_only_project_is_404_to_the_public(client, staff_user):
    ProjectFactory(slug="open")
    ProjectFactory(slug="closed", visibility=Visibility.STAFF)
    assert [p["slug"] for p in client.get("/api/v1/projects").json()["items"]] == ["open"]
    assert client.get("/api/v1/projects/closed").status_code == 404
    client.force_login(staff_user)
    assert client.get("/api/v1/projects/closed").status_code == 200


@pytest.mark.django_db
def test_search_endpoint(client):
    OrganisationFactory(name="جمعية الهجرة")
    body = client.get("/api/v1/search", {"q": "الهجره"}).json()
    assert body["total"] == 1 and "<mark>" in body["results"][0]["title_html"]
    assert body["capped"] is False


@pytest.mark.django_db
def test_errors_have_one_shape(client):
    assert client.get("/api/v1/organisations/12345").json() == {
        "error": {"code": "not_found", "message": "Not found."}
    }
    invalid = client.get("/api/v1/organisations", {"page": "x"})
    assert invalid.status_code == 400
    assert (
        invalid.json()["error"]["code"] == "invalid" and "page" in invalid.json()["error"]["fields"]
    )
    assert client.get("/api/v1/tokens").json()["error"]["code"] == "unauthenticated"


@pytest.mark.django_db
def test_a_bad_token_is_refused_even_on_public_reads(client):
    response = client.get("/api/v1/organisations", HTTP_AUTHORIZATION="Bearer shb_wrong")
    assert response.status_code == 401


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/networks/{slug}/applications" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in docs and "/static/" in docs
