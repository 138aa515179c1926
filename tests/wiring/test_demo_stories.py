"""The two seed stories, end to end, across the apps, as the demo loads them."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from shabaka.content.models import NewsItem
from shabaka.dialogues.models import Delegation, FocalPointAppointment, FrameworkTag
from shabaka.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())


def test_the_focal_points_story(demo, client):
    workshop = Event.objects.get(slug="focal-points-workshop-2022-02")
    assert sorted(workshop.dialogues.values_list("slug", flat=True)) == [
        "khartoum-process",
        "rabat-process",
    ]
    current = FocalPointAppointment.objects.filter(country__code="LY", started_on=date(2022, 2, 1))
    assert current.count() == 2
    for appointment in current:
        assert appointment.briefing_event == workshop
        assert appointment.handover_steps.get(item="briefing").done_on == workshop.start_date
    delegation = Delegation.objects.get(event=workshop, country__code="LY")
    assert delegation.members.filter(nomination__isnull=False).count() == 2
    # Libya's meetings since 2017: illustrative meetings plus the workshop.
    years = sorted(
        Delegation.objects.filter(country__code="LY").values_list(
            "event__start_date__year", flat=True
        )
    )
    assert years[0] == 2017 and years[-1] == 2022
    assert (
        Event.objects.filter(slug__startswith="demo-", title__contains="illustrative").count() == 5
    )
    page = client.get("/dialogues/states/LY/").content.decode()
    assert f"{len(years)} meetings attended since 2017." in page
    news = NewsItem.objects.get(slug="focal-points-workshop-2022-02")
    assert list(news.events.all()) == [workshop]
    assert news.dialogues.count() == 2
    assert FrameworkTag.objects.filter(object_id=workshop.pk, item__code="JVAP-1").exists()
    event_page = client.get(f"/events/{workshop.slug}/").content.decode()
    assert "/news/focal-points-workshop-2022-02/" in event_page and "JVAP-1" in event_page


def test_the_networks_story(demo, client):
    workshop = Event.objects.get(slug="tripoli-workshop-2021-01")
    news = NewsItem.objects.get(slug="tripoli-workshop-cso-networks-2021-01")
    assert list(news.events.all()) == [workshop]
    page = client.get("/projects/simm-libya/").content.decode()
    assert "Events held" in page and "Networks supported" in page
    assert workshop.title.replace("'", "&#x27;") in page
    network_page = client.get("/networks/demo-net-tripoli/").content.decode()
    assert workshop.title.replace("'", "&#x27;") in network_page
