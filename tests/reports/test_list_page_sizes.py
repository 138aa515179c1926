"""Every list page and API list shows its first page and the right total, whatever the number
of rows: 0, 1, 256, 257 and 5,000 (rows inserted in bulk, public, seen by a visitor).

A page shows up to SHABAKA_PAGE_SIZE records and says how many pages there are ("Page 1 of
11", or "Page 1 of more than 11" where the count is capped); the API says `count` and `pages`
and lists up to 25 `items`."""

import json
import math
import re

import pytest
from django.conf import settings as django_settings

from tests.factories import bulk

SIZES = [0, 1, 256, 257, 5000]
API_PAGE = 25


@pytest.fixture(params=SIZES, ids=lambda n: f"{n}-rows")
def size(request):
    return request.param


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE = False


def markers(text: str, kind: str) -> set[str]:
    return set(re.findall(rf"zq-{kind}-\d{{5}}", text))


def _members_path(count: int) -> str:
    network = bulk.networks(1)[0]
    bulk.members(network, count)
    return f"/api/v1/networks/{network.slug}/members"


def _make(make, path):
    def build(count: int) -> str:
        make(count)
        return path

    return build


# name: (makes `count` records and gives the path, marker kind of the records)
PAGES = {
    "organisations": (_make(bulk.organisations, "/organisations/"), "org"),
    "networks": (_make(bulk.networks, "/networks/"), "net"),
    "events": (_make(bulk.events, "/events/"), "event"),
    "news": (_make(bulk.news, "/news/"), "news"),
    "documents": (_make(bulk.documents, "/documents/"), "doc"),
    "projects": (_make(bulk.projects, "/projects/"), "project"),
    "plans": (_make(bulk.plans, "/plans/"), "plan"),
    "dialogues": (_make(bulk.dialogues, "/dialogues/"), "dialogue"),
}

API_LISTS = {
    "organisations": (_make(bulk.organisations, "/api/v1/organisations"), "org"),
    "networks": (_make(bulk.networks, "/api/v1/networks"), "net"),
    "network-members": (_members_path, "org"),
    "events": (_make(bulk.events, "/api/v1/events"), "event"),
    "news": (_make(bulk.news, "/api/v1/news"), "news"),
    "documents": (_make(bulk.documents, "/api/v1/documents"), "doc"),
    "projects": (_make(bulk.projects, "/api/v1/projects"), "project"),
    "plans": (_make(bulk.plans, "/api/v1/plans"), "plan"),
    "dialogues": (_make(bulk.dialogues, "/api/v1/dialogues"), "dialogue"),
}


def assert_pages_said(html: str, count: int, per_page: int) -> None:
    """The pagination says the truth: no page links for one page; else "Page 1 of N" with N
    the number of pages, or "Page 1 of more than N" when there are more than N pages' rows."""
    said = re.search(r"Page 1 of (more than )?(\d+)", html)
    if count <= per_page:
        assert said is None, said.group(0)
        return
    assert said is not None, "no pagination on a list of more than one page"
    assert 'rel="next"' in html
    pages = int(said.group(2))
    if said.group(1):
        assert 1 < pages * per_page < count
    else:
        assert pages == math.ceil(count / per_page)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_list_page_shows_its_first_page_and_the_number_of_pages(client, name, size):
    build, kind = PAGES[name]
    path = build(size)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    per_page = django_settings.SHABAKA_PAGE_SIZE
    shown = markers(html, kind)
    assert len(shown) == min(size, per_page)
    assert_pages_said(html, size, per_page)


@pytest.mark.django_db
def test_organisation_list_says_how_many_organisations_there_are(client, size):
    bulk.organisations(size)
    response = client.get("/organisations/")
    assert response.status_code == 200
    caption = re.search(r"<caption[^>]*>\s*([\d,]+) organisations?\s*</caption>", response.text)
    assert caption is not None
    assert int(caption.group(1).replace(",", "")) == size


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(API_LISTS))
def test_api_list_counts_every_row_and_gives_the_first_page(client, name, size):
    build, kind = API_LISTS[name]
    path = build(size)
    response = client.get(path)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == size
    assert data["page"] == 1
    assert data["pages"] == max(1, math.ceil(size / API_PAGE))
    assert len(data["items"]) == min(size, API_PAGE)
    shown = markers(json.dumps(data["items"], ensure_ascii=False), kind)
    assert len(shown) == min(size, API_PAGE)
