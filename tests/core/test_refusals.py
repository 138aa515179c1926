"""One policy for refusals in every app (core.refusals, DESIGN.md "Refusals"): a record the
viewer may not see answers 404, as if it did not exist; an action refused on a record the
viewer can see answers 403. One signed-in outsider, representative pages of each app."""

import pytest
from django.urls import reverse

from shabaka.content.models import NewsStatus
from shabaka.core.visibility import Visibility
from tests.factories.content import NewsFactory
from tests.factories.dialogues import DialogueFactory
from tests.factories.events import EventFactory
from tests.factories.networks import NetworkFactory
from tests.factories.plans import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    hidden_network = NetworkFactory(slug="hidden-net", visibility=Visibility.STAFF)
    return {
        "world": world,
        "hidden_network": hidden_network,
        "hidden_plan": make_plan(network=world.network, title="Hidden", visibility="staff"),
        "draft": NewsFactory(status=NewsStatus.DRAFT, published_at=None),
        "published": NewsFactory(),
        "public_event": EventFactory(slug="public-event"),
        "hidden_event": EventFactory(slug="hidden-event", visibility=Visibility.STAFF),
        "dialogue": DialogueFactory(short_name="Rabat Process", slug="rabat-process"),
    }


def _hidden(r):
    """(method, url) of records the outsider may not see."""
    w = r["world"]
    return [
        ("get", reverse("directory:organisation_detail", args=[w.unlisted.pk])),
        ("get", reverse("directory:organisation_edit", args=[w.unlisted.pk])),
        ("get", reverse("networks:network_detail", args=[r["hidden_network"].slug])),
        ("get", reverse("networks:network_edit", args=[r["hidden_network"].slug])),
        ("get", reverse("plans:plan_detail", args=[r["hidden_plan"].pk])),
        ("get", reverse("content:news_detail", args=[r["draft"].slug])),
        ("get", reverse("content:news_edit", args=[r["draft"].slug])),
        ("get", reverse("events:event_detail", args=[r["hidden_event"].slug])),
        ("get", reverse("events:event_console", args=[r["hidden_event"].slug])),
    ]


def _visible_but_refused(r):
    """(method, url) of actions the outsider may not take on records they see."""
    w = r["world"]
    return [
        ("get", reverse("directory:organisation_edit", args=[w.member.pk])),
        ("get", reverse("directory:organisation_create")),
        ("get", reverse("networks:network_edit", args=[w.network.slug])),
        ("post", reverse("networks:membership_decide", args=[w.membership.pk])),
        ("get", reverse("content:news_edit", args=[r["published"].slug])),
        ("get", reverse("content:news_create")),
        ("get", reverse("events:event_console", args=[r["public_event"].slug])),
        ("get", reverse("events:event_create")),
        ("get", reverse("dialogues:partner_states", args=["rabat-process"])),
    ]


def test_a_hidden_record_is_a_404_in_every_app(client, outsider, records):
    client.force_login(outsider)
    for method, url in _hidden(records):
        assert getattr(client, method)(url).status_code == 404, url


def test_a_refused_action_on_a_visible_record_is_a_403_in_every_app(client, outsider, records):
    client.force_login(outsider)
    for method, url in _visible_but_refused(records):
        assert getattr(client, method)(url).status_code == 403, url
