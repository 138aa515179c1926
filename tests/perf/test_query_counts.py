"""The key pages of the benchmark run a fixed number of queries, whatever the amount of data:
measured on a small generated dataset, then again after a second, larger batch is loaded beside
it. Also: the generator fills the search index so that search finds generated records."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shabaka.benchmarks.generator import Generator, generate
from shabaka.content.models import Document, NewsItem
from shabaka.directory.models import Organisation
from shabaka.events.models import Event, Participation
from shabaka.networks.models import Network
from shabaka.search.models import SearchDocument
from shabaka.search.registry import installed_entries
from shabaka.search.selectors import search

PAGES = [
    "/",
    "/organisations/?kind=cso",
    "/networks/",
    "/networks/bench-net-1/",
    "/events/?date_from=2021-01-01&date_to=2021-12-31",
    "/events/bench-event-1/",
    "/projects/bench-project-1/",
    "/news/",
    "/news/feed.atom",
    "/search/?q=%D8%A7%D9%84%D9%87%D8%AC%D8%B1%D8%A9",
    "/search/?q=migration",
    "/api/v1/organisations?kind=cso",
    "/api/v1/projects",
]


def _counts(client) -> dict[str, int]:
    counts = {}
    for path in PAGES:
        client.get(path)  # caches (content types, sites) warm, as on a running server
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


@pytest.mark.django_db
def test_key_pages_run_the_same_queries_with_ten_times_the_rows(client):
    generate(scale=0.0005, stdout=io.StringIO())
    few = _counts(client)
    rows_before = Participation.objects.count()
    generate(scale=0.005, stdout=io.StringIO(), prefix="more-")
    assert Participation.objects.count() >= 10 * rows_before
    many = _counts(client)
    # Search asks each kind of record found (organisation, network, ...) who may see it: one
    # query per kind present among the results, so at most one per registered kind.
    kinds = len(installed_entries())
    for path in PAGES:
        if path.startswith("/search/"):
            assert many[path] <= 3 + kinds, path
            assert few[path] <= 3 + kinds, path
        else:
            assert many[path] == few[path], path


@pytest.mark.django_db
def test_generated_data_has_every_kind_of_record_and_is_searchable():
    timings = Generator(scale=0.0005, stdout=io.StringIO()).run()
    assert "total" in timings
    assert Organisation.objects.filter(normalised_name="").count() == 0
    assert Network.objects.filter(slug="bench-platform", kind="platform").exists()
    assert Event.objects.filter(slug__startswith="bench-event-").count() >= 5
    assert NewsItem.objects.filter(status="published").exists()
    assert Document.objects.exists()
    searchable = (
        Organisation.objects.count()
        + Network.objects.count()
        + Document.objects.filter(is_current=True).count()
    )
    assert SearchDocument.objects.count() >= searchable
    for query in ("migration", "الهجرة", "réseau"):
        assert search(query=query, viewer=AnonymousUser()).total > 0, query
    # Ids were given explicitly: the next ordinary insert must still get a fresh one.
    organisation = Organisation.objects.first()
    organisation.pk = None
    organisation.name = "Another organisation"
    organisation.save()
    assert organisation.pk > max(
        Organisation.objects.exclude(pk=organisation.pk).values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_generator_refuses_a_database_that_already_holds_its_data():
    generate(scale=0.0005, stdout=io.StringIO())
    with pytest.raises(RuntimeError, match="already loaded"):
        generate(scale=0.0005, stdout=io.StringIO())
