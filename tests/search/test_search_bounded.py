"""Search does a bounded amount of work: it ranks and counts only a pool of the most recent
matches, says so when the pool is full, never lets an invisible record in (not even in a count),
filters by type inside the index, and runs the same few queries whatever it finds."""

import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from shabaka.core.visibility import Visibility
from shabaka.search import selectors
from shabaka.search.analysis import query_terms
from shabaka.search.selectors import highlight, search
from tests.factories.content import NewsFactory
from tests.factories.directory import OrganisationFactory
from tests.factories.networks import NetworkFactory


def titles(outcome):
    return [html.unescape(re.sub(r"</?mark>", "", str(r.title))) for r in outcome.results]


@pytest.fixture
def small_pool(monkeypatch):
    monkeypatch.setattr(selectors, "POOL", 5)
    return 5


@pytest.mark.django_db
def test_a_full_pool_caps_the_counts_and_the_page_says_so(client, small_pool):
    for n in range(8):
        OrganisationFactory(name=f"Migration Forum {n}")
    outcome = search(query="migration", viewer=AnonymousUser())
    assert outcome.capped and outcome.total == 5 and outcome.counts["organisation"][1] == 5
    # The most recent matches make the pool.
    assert sorted(titles(outcome)) == [f"Migration Forum {n}" for n in range(3, 8)]
    page = client.get("/search/", {"q": "migration"}).content.decode()
    assert "5+ results" in page and "Organisations 5+" in page
    assert "Counts are capped" in page


@pytest.mark.django_db
def test_counts_are_exact_when_the_pool_is_not_full(client, small_pool):
    for n in range(4):
        OrganisationFactory(name=f"Migration Forum {n}")
    outcome = search(query="migration", viewer=AnonymousUser())
    assert not outcome.capped and outcome.total == 4
    page = client.get("/search/", {"q": "migration"}).content.decode()
    assert "4 results" in page and "Counts are capped" not in page


@pytest.mark.django_db
def test_a_record_the_viewer_may_not_see_is_neither_shown_nor_counted(client, small_pool):
    OrganisationFactory(name="Migration Public Old")
    for n in range(3):
        OrganisationFactory(name=f"Migration Hidden {n}", visibility=Visibility.MEMBERS)
    OrganisationFactory(name="Migration Public New")
    outcome = search(query="migration", viewer=AnonymousUser())
    assert sorted(titles(outcome)) == ["Migration Public New", "Migration Public Old"]
    assert outcome.total == 2 and outcome.counts == {
        "organisation": (outcome.counts["organisation"][0], 2)
    }
    page = client.get("/search/", {"q": "migration"}).content.decode()
    assert "Migration Hidden" not in page and "2+ results" in page  # the pool of five was full


@pytest.mark.django_db
def test_titles_holding_the_words_come_first_then_the_most_recent():
    OrganisationFactory(name="Sabha Youth", description="Works on migration with young people.")
    OrganisationFactory(name="Migration Network of the South")
    OrganisationFactory(name="Migration Forum")
    OrganisationFactory(name="Tripoli Aid", description="Migration and return.")
    assert titles(search(query="migration", viewer=AnonymousUser())) == [
        "Migration Forum",  # title holds the word, and is the shorter
        "Migration Network of the South",
        "Tripoli Aid",  # then body matches, newest first
        "Sabha Youth",
    ]


@pytest.mark.django_db
def test_the_type_filter_finds_a_kind_beyond_the_pool_of_other_kinds(small_pool):
    NetworkFactory(name="Migration Network")
    for n in range(8):
        OrganisationFactory(name=f"Migration Forum {n}")
    everything = search(query="migration", viewer=AnonymousUser())
    assert "network" not in everything.counts  # eight newer organisations fill the pool
    networks = search(query="migration", viewer=AnonymousUser(), kinds=["network"])
    assert titles(networks) == ["Migration Network"] and not networks.capped
    both = search(query="migration", viewer=AnonymousUser(), kinds=["network", "organisation"])
    assert both.capped and set(both.counts) == {"organisation"}  # the pool is the newest five
    assert search(query="migration", viewer=AnonymousUser(), kinds=["nonsense"]).total == 0


@pytest.mark.django_db
def test_kind_names_are_not_words_of_the_text():
    OrganisationFactory(name="Alpha", description="")
    NetworkFactory(name="Beta")
    for query in ("kindorganisation", "kindnetwork"):
        assert search(query=query, viewer=AnonymousUser()).total == 0


@pytest.mark.django_db
def test_a_prefix_still_finds_longer_words_and_whole_words_win_when_common(small_pool):
    OrganisationFactory(name="Migrationist Society")
    assert titles(search(query="migration", viewer=AnonymousUser())) == ["Migrationist Society"]
    assert titles(search(query="migrat", viewer=AnonymousUser())) == ["Migrationist Society"]
    for n in range(6):
        OrganisationFactory(name=f"Migration Forum {n}")
    # Six whole-word matches fill the pool of five: the prefix-only match is not taken.
    outcome = search(query="migration", viewer=AnonymousUser())
    assert outcome.capped and "Migrationist Society" not in titles(outcome)


@pytest.mark.django_db
def test_the_search_page_runs_three_queries_whatever_kinds_it_finds(
    client, django_assert_num_queries
):
    for n in range(3):
        OrganisationFactory(name=f"Protection Group {n}")
        NetworkFactory(name=f"Protection Network {n}")
        NewsFactory(title=f"Protection news {n}")
    with django_assert_num_queries(3):  # candidates, who may see them, the page's rows
        page = client.get("/search/", {"q": "protection"}).content.decode()
    assert "9 results" in page
    with django_assert_num_queries(3):
        client.get("/search/", {"q": "protection", "type": ["network", "news"]})


@pytest.mark.django_db
def test_rebuilding_the_full_text_index_keeps_the_type_filter():
    NetworkFactory(name="Rebuilt Network")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    found = search(query="rebuilt", viewer=AnonymousUser(), kinds=["network"])
    assert titles(found) == ["Rebuilt Network"]


def test_a_snippet_starts_a_little_before_the_first_hit_and_says_what_it_cut():
    text = (
        " ".join(f"w{n}" for n in range(100))
        + " Migration "
        + " ".join(f"v{n}" for n in range(100))
    )
    snippet = str(highlight(text, query_terms("migration"), snippet=True))
    assert snippet.startswith("… w90 ") and snippet.endswith(" v18 …")
    assert "<mark>Migration</mark>" in snippet
    no_hit = str(highlight(text, query_terms("absent"), snippet=True))
    assert no_hit.startswith("w0 ") and no_hit.endswith(" w29 …")
    short = str(highlight("Réseau <b>migration</b>", query_terms("migration"), snippet=True))
    assert short == "Réseau &lt;b&gt;<mark>migration</mark>&lt;/b&gt;"
