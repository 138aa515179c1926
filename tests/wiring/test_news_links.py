"""News items link to the events and dialogues they report on; the links show on the news page
and, the other way, on the event page and the dialogue page (published news only, and only
the events the reader may see)."""

import pytest

from shabaka.content import services as content_services
from shabaka.content.models import NewsStatus
from shabaka.core.visibility import Visibility
from tests.factories.content import NewsFactory
from tests.factories.dialogues import DialogueFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return {
        "event": EventFactory(slug="tripoli-workshop", title="Tripoli workshop"),
        "hidden": EventFactory(slug="closed", title="Closed meeting", visibility=Visibility.STAFF),
        "dialogue": DialogueFactory(slug="rabat-process", short_name="Rabat Process"),
    }


def test_news_created_with_links_to_events_and_dialogues_is_audited(records, staff_user):
    from shabaka.accounts.models import AuditEntry

    news = content_services.news_create(
        title="Workshop held",
        body="Text.",
        created_by=staff_user,
        events=[records["event"]],
        dialogues=[records["dialogue"]],
    )
    assert list(news.events.all()) == [records["event"]]
    assert list(records["dialogue"].news.all()) == [news]
    entry = AuditEntry.objects.filter(object_id=str(news.pk)).latest("id")
    assert entry.changes["events"] == [[], [records["event"].pk]]
    assert entry.changes["dialogues"] == [[], [records["dialogue"].pk]]


def test_the_news_page_links_to_its_events_and_dialogues(client, records, staff_user):
    news = NewsFactory(slug="workshop-held", title="Workshop held")
    news.events.set([records["event"], records["hidden"]])
    news.dialogues.set([records["dialogue"]])
    page = client.get("/news/workshop-held/").content.decode()
    assert "/events/tripoli-workshop/" in page and "/dialogues/rabat-process/" in page
    assert "Closed meeting" not in page
    client.force_login(staff_user)
    assert "Closed meeting" in client.get("/news/workshop-held/").content.decode()


def test_event_and_dialogue_pages_link_to_published_news_only(client, records):
    published = NewsFactory(slug="published", title="Published report")
    draft = NewsFactory(
        slug="draft", title="Draft report", status=NewsStatus.DRAFT, published_at=None
    )
    for news in (published, draft):
        news.events.set([records["event"]])
        news.dialogues.set([records["dialogue"]])
    for url in ("/events/tripoli-workshop/", "/dialogues/rabat-process/"):
        page = client.get(url).content.decode()
        assert "/news/published/" in page and "Draft report" not in page


def test_pages_without_news_show_no_news_block(client, records):
    assert (
        "/news/"
        not in client.get("/events/tripoli-workshop/")
        .content.decode()
        .split("<main")[1]
        .split("</main>")[0]
    )
