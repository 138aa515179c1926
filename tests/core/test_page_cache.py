"""The page cache for signed-out visitors (core.pagecache): a kept page is served without
reading the records again, and no write, through a service, the admin or a QuerySet.update,
ever leaves a stale page behind. These tests commit for real (transaction=True), as a server
does: the generation numbers are raised only once a write has committed."""

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from shabaka.core import pagecache
from shabaka.core.models import Generation
from shabaka.directory import services as directory_services
from shabaka.directory.models import Organisation
from tests.factories.directory import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True
    caches[pagecache.CACHE_ALIAS].clear()
    yield
    caches[pagecache.CACHE_ALIAS].clear()


def _queries(client, path, **headers) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code == 200, path
    return len(queries), response.content.decode()


def test_a_kept_page_reads_only_the_generation_numbers(client):
    OrganisationFactory(name="Libyan Red Crescent Branch")
    first, html = _queries(client, "/organisations/")
    assert "Libyan Red Crescent Branch" in html
    second, again = _queries(client, "/organisations/")
    assert first > 1
    assert second == 1  # the generation numbers; nothing else
    assert again == html


def test_with_the_cache_off_every_visit_reads_the_records(client, settings):
    settings.PAGE_CACHE = False
    OrganisationFactory()
    first, _html = _queries(client, "/organisations/")
    second, _html = _queries(client, "/organisations/")
    assert second == first > 1


def test_a_service_write_shows_on_the_next_visit(client, admin_user):
    organisation = OrganisationFactory(name="Old name of the association")
    path = f"/organisations/{organisation.pk}/"
    assert "Old name of the association" in _queries(client, path)[1]
    directory_services.organisation_update(
        organisation=organisation, updated_by=admin_user, name="New name of the association"
    )
    html = _queries(client, path)[1]
    assert "New name of the association" in html
    assert "Old name of the association" not in html
    # and on the list, which is another page kept under the same numbers
    assert "New name of the association" in _queries(client, "/organisations/")[1]


def test_a_write_without_model_signals_shows_on_the_next_visit(client, admin_user):
    """QuerySet.update sends no signal: the audit entry the service writes raises the number."""
    from shabaka.projects import services as project_services
    from tests.factories.projects import ProjectFactory

    project = ProjectFactory(status="1")
    path = f"/projects/{project.slug}/"
    assert "Pipeline/identification" in _queries(client, path)[1]
    with transaction.atomic():
        project_services.project_set_status_from_import(
            project=project, status="6", imported_by=admin_user
        )
    html = _queries(client, path)[1]
    assert "Suspended" in html
    assert "Pipeline/identification" not in html


def test_the_audit_entry_of_a_write_raises_its_kind(client, admin_user):
    """A service that writes with QuerySet.update (no signal) still writes its audit entry."""
    from shabaka.accounts.audit import audit_record

    organisation = OrganisationFactory(name="Name before the update")
    path = f"/organisations/{organisation.pk}/"
    _queries(client, path)
    with transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(name="Name after the update")
        audit_record(actor=admin_user, action="update", obj=organisation)
    assert "Name after the update" in _queries(client, path)[1]


def test_a_write_outside_the_services_shows_on_the_next_visit(client):
    """The admin and a shell save models directly: their signals raise the number."""
    organisation = OrganisationFactory(name="Before the admin edit")
    path = f"/organisations/{organisation.pk}/"
    assert "Before the admin edit" in _queries(client, path)[1]
    organisation.name = "After the admin edit"
    organisation.save()
    assert "After the admin edit" in _queries(client, path)[1]


def test_a_rolled_back_write_changes_nothing_and_the_next_commit_still_counts(client):
    organisation = OrganisationFactory(name="Stable name")
    path = f"/organisations/{organisation.pk}/"
    _queries(client, path)
    numbers = pagecache.generations()
    with pytest.raises(RuntimeError), transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(name="Never committed")
        organisation.refresh_from_db()
        organisation.save()
        raise RuntimeError("rolled back")
    assert pagecache.generations() == numbers
    assert "Stable name" in _queries(client, path)[1]
    organisation.refresh_from_db()
    organisation.name = "Committed name"
    organisation.save()
    assert pagecache.generations()["directory"] > numbers["directory"]
    assert "Committed name" in _queries(client, path)[1]


def test_one_transaction_raises_each_kind_it_wrote_once(admin_user):
    organisation = OrganisationFactory()
    numbers = pagecache.generations()
    with transaction.atomic():
        for n in range(3):
            directory_services.organisation_update(
                organisation=organisation, updated_by=admin_user, name=f"Batch {n}"
            )
    after = pagecache.generations()
    assert after["directory"] == numbers.get("directory", 0) + 1


def test_signed_in_visitors_never_get_a_kept_page(client, admin_user):
    OrganisationFactory()
    _queries(client, "/organisations/")  # kept for signed-out visitors
    client.force_login(admin_user)
    count, html = _queries(client, "/organisations/")
    assert count > 1
    assert "Sign out" in html


def test_pages_are_kept_per_language(client):
    OrganisationFactory()
    english = _queries(client, "/organisations/")[1]
    client.cookies["django_language"] = "ar"
    arabic = _queries(client, "/organisations/")[1]
    assert '<html lang="en"' in english
    assert '<html lang="ar" dir="rtl">' in arabic


def test_a_page_that_sets_a_cookie_is_not_kept(client):
    # The sign-in page carries a CSRF token, and is not marked cacheable anyway; a cacheable
    # view answering with a cookie is refused by _may_keep.
    from django.http import HttpResponse

    response = HttpResponse("x")
    response.set_cookie("csrftoken", "secret")
    assert not pagecache._may_keep(response)
    assert pagecache._may_keep(HttpResponse("x"))


def test_the_public_api_is_kept_but_not_for_token_holders(client):
    OrganisationFactory()
    first = _queries(client, "/api/v1/organisations")[0]
    assert _queries(client, "/api/v1/organisations")[0] == 1
    assert first > 1
    response = client.get("/api/v1/organisations", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401


def test_an_htmx_fragment_and_the_full_page_are_kept_apart(client):
    OrganisationFactory()
    _queries(client, "/organisations/")
    assert _queries(client, "/organisations/", HTTP_HX_REQUEST="true")[0] > 1
    assert _queries(client, "/organisations/", HTTP_HX_REQUEST="true")[0] == 1


def test_numbers_are_created_for_a_new_kind():
    Generation.objects.all().delete()
    pagecache.bump("networks", "directory")
    pagecache.bump("networks")
    assert pagecache.generations() == {"networks": 2, "directory": 1}
