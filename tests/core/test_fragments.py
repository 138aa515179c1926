"""Parts of signed-in pages kept in the cache (core.fragments): found again without their
queries, never stale after a committed write or a change of the viewer's roles, never shown to
another viewer, never kept for signed-out visitors. The plan page is the example: its content
is a kept part.

The tests commit for real (transaction=True): the numbers are raised once a write commits."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from shabaka.accounts.models import Role, RoleAssignment
from shabaka.core import pagecache
from shabaka.core.fragments import fragment_scope
from tests.factories.networks import NetworkFactory
from tests.factories.plans import make_activity, make_full_plan, member_of

pytestmark = pytest.mark.django_db(transaction=True)

EDIT = "Edit the objective"


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.FRAGMENT_CACHE = True
    caches[pagecache.CACHE_ALIAS].clear()
    yield
    caches[pagecache.CACHE_ALIAS].clear()


@pytest.fixture
def scene(make_user):
    network = NetworkFactory(slug="kept-net")
    coordinator = make_user(scoped=[(Role.COORDINATOR, network)])
    member = make_user(scoped=[(Role.ORG_EDITOR, member_of(network))])
    plan = make_full_plan(network=network, by=coordinator, activities=3)
    return network, coordinator, member, plan


def _view(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_kept_part_is_found_again_without_its_queries(client, scene):
    _network, coordinator, _member, plan = scene
    client.force_login(coordinator)
    first, first_queries = _view(client, f"/plans/{plan.pk}/")
    again, again_queries = _view(client, f"/plans/{plan.pk}/")
    main = slice(first.index("<main"), first.index("</main>"))  # the header has a CSRF token
    assert again[main] == first[main] and "Activity 3" in again
    assert again_queries <= first_queries - 8  # the plan's objectives, activities, counts, …


def test_a_committed_write_shows_on_the_next_view(client, scene):
    _network, coordinator, _member, plan = scene
    client.force_login(coordinator)
    assert "Road safety sessions" not in _view(client, f"/plans/{plan.pk}/")[0]
    make_activity(plan.objectives.get(), by=coordinator, title="Road safety sessions")
    assert "Road safety sessions" in _view(client, f"/plans/{plan.pk}/")[0]


def test_one_viewers_part_is_never_shown_to_another(client, scene):
    _network, coordinator, member, plan = scene
    client.force_login(coordinator)
    assert EDIT in _view(client, f"/plans/{plan.pk}/")[0]
    client.force_login(member)
    assert EDIT not in _view(client, f"/plans/{plan.pk}/")[0]


def test_a_new_role_shows_on_the_next_view(client, scene):
    network, _coordinator, member, plan = scene
    client.force_login(member)
    assert EDIT not in _view(client, f"/plans/{plan.pk}/")[0]
    # A write to the accounts app raises no generation number: the roles are in the scope.
    RoleAssignment.objects.create(user=member, role=Role.COORDINATOR, scope=network)
    assert EDIT in _view(client, f"/plans/{plan.pk}/")[0]


def test_two_viewers_with_the_same_roles_have_scopes_of_their_own(make_user):
    network = NetworkFactory()
    one, other = (make_user(scoped=[(Role.COORDINATOR, network)]) for _ in range(2))
    scopes = set()
    for user in (one, other):
        request = RequestFactory().get("/")
        request.user = user
        scopes.add(fragment_scope(request))
    assert len(scopes) == 2 and None not in scopes


def test_nothing_is_kept_for_signed_out_visitors_or_when_turned_off(client, scene, settings):
    _network, coordinator, _member, plan = scene
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert fragment_scope(request) is None
    settings.FRAGMENT_CACHE = False
    client.force_login(coordinator)
    _first, first_queries = _view(client, f"/plans/{plan.pk}/")
    assert _view(client, f"/plans/{plan.pk}/")[1] == first_queries


def test_the_network_pages_sections_are_kept_and_fresh(client, scene):
    network, coordinator, _member, plan = scene
    client.force_login(coordinator)
    url = f"/networks/{network.slug}/"
    first, first_queries = _view(client, url)
    again, again_queries = _view(client, url)
    assert plan.title in again and again_queries <= first_queries - 3  # plan, joint, events
    from shabaka.plans.services import plan_create

    plan_create(
        network=network,
        title="Plan of the road safety year",
        period_start=plan.period_start,
        period_end=plan.period_end,
        created_by=coordinator,
        visibility="members",
    )
    plan.delete()
    assert "Plan of the road safety year" in _view(client, url)[0]


def test_the_project_pages_parts_are_kept_and_fresh(client, make_user):
    from shabaka.projects.services import participant_add
    from tests.factories.directory import OrganisationFactory
    from tests.factories.projects import ProjectFactory

    staff = make_user(Role.STAFF)
    project = ProjectFactory(slug="kept-project")
    client.force_login(staff)
    url = f"/projects/{project.slug}/"
    _first, first_queries = _view(client, url)
    _again, again_queries = _view(client, url)
    assert again_queries <= first_queries - 5  # partners, funding, places, identifiers, …
    partner = OrganisationFactory(name="Kept Partner Association")
    participant_add(project=project, organisation=partner, role="4", added_by=staff)
    assert "Kept Partner Association" in _view(client, url)[0]


def test_the_organisation_pages_part_is_kept_and_fresh(client, scene):
    from tests.factories.networks import MembershipFactory

    network, _coordinator, member, _plan = scene
    organisation = member_of(network, name="Kept Shelter Association")
    client.force_login(member)
    url = f"/organisations/{organisation.pk}/"
    _first, first_queries = _view(client, url)
    again, again_queries = _view(client, url)
    assert "Kept Shelter Association" in again and again_queries <= first_queries - 4
    MembershipFactory(network=NetworkFactory(name="Second Kept Network"), organisation=organisation)
    assert "Second Kept Network" in _view(client, url)[0]
