"""Read endpoints for events, news, dialogues and action plans: what each viewer gets,
filters, pagination, and a query count that does not grow with the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shabaka.accounts.models import Role
from shabaka.core.visibility import Visibility
from shabaka.events.models import Attendance, AttendanceMode
from tests.factories.content import NewsFactory
from tests.factories.dialogues import DialogueFactory, OfficialFactory, PartnerStateFactory
from tests.factories.directory import (
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    TopicFactory,
)
from tests.factories.events import EventFactory, ParticipationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.plans import make_full_plan
from tests.factories.projects import ProjectFactory


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


# --- Events --------------------------------------------------------------------------------------


def attended(event, **person):
    participation = ParticipationFactory(event=event, person=PersonFactory(**person))
    Attendance.objects.create(
        participation=participation, day=event.start_date, mode=AttendanceMode.IN_PERSON
    )
    return participation


@pytest.mark.django_db
def test_events_list_public_ones_with_counts_and_no_personal_data(client):
    event = EventFactory(title="Tripoli workshop", slug="tripoli-workshop-2021-01")
    EventFactory(title="Members coaching", visibility=Visibility.MEMBERS)
    attended(event, full_name="Placeholder Participant A", email="a@private.example")
    attended(event, full_name="Placeholder Participant B", gender="male")
    body = client.get("/api/v1/events").json()
    assert [e["title"] for e in body["items"]] == ["Tripoli workshop"]
    assert body["items"][0]["participants"] == 2
    detail = client.get("/api/v1/events/tripoli-workshop-2021-01").json()
    assert detail["figures"]["total"] == 2
    assert detail["figures"]["by_gender"] == {"female": 1, "male": 1}
    text = str(detail)
    assert "Placeholder Participant" not in text and "private.example" not in text


@pytest.mark.django_db
def test_a_members_only_event_is_404_for_anonymous_and_outsiders(client, outsider, make_user):
    network = NetworkFactory()
    organisation = OrganisationFactory()
    MembershipFactory(network=network, organisation=organisation)
    event = EventFactory(slug="closed-coaching", visibility=Visibility.MEMBERS)
    event.networks.add(network)
    assert client.get("/api/v1/events/closed-coaching").status_code == 404
    client.force_login(outsider)
    assert client.get("/api/v1/events/closed-coaching").status_code == 404
    client.force_login(make_user(scoped=[(Role.ORG_EDITOR, organisation)]))
    assert client.get("/api/v1/events/closed-coaching").json()["networks"] == [network.slug]


@pytest.mark.django_db
def test_event_filters(client):
    tripoli = PlaceFactory(code="LY0211", name="Tripoli")
    network = NetworkFactory(slug="west")
    project = ProjectFactory(slug="simm-libya")
    hidden_project = ProjectFactory(slug="internal", visibility=Visibility.STAFF)
    a = EventFactory(title="A", type="workshop", place=tripoli, project=project)
    a.networks.add(network)
    EventFactory(
        title="B",
        type="study_visit",
        starts_at=dt.datetime(2019, 10, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2019, 10, 5, 9, tzinfo=dt.UTC),
        project=hidden_project,
    )

    def titles(**params):
        return [e["title"] for e in client.get("/api/v1/events", params).json()["items"]]

    assert titles(type="study_visit") == ["B"]
    assert titles(place="LY0211") == ["A"]
    assert titles(network="west") == ["A"]
    assert titles(project="simm-libya") == ["A"]
    assert titles(project="internal") == []  # a project the public may not see matches nothing
    assert titles(date_from="2020-01-01") == ["A"]
    assert titles(date_to="2019-12-31") == ["B"]
    assert titles(place="nowhere") == []
    # A staff-only project's slug never reaches the public.
    assert [e["project"] for e in client.get("/api/v1/events").json()["items"]] == [
        "simm-libya",
        None,
    ]


@pytest.mark.django_db
def test_events_pagination_and_query_count(client):
    network = NetworkFactory()
    project = ProjectFactory()

    def add(n):
        for _ in range(n):
            event = EventFactory(project=project, place=PlaceFactory())
            event.networks.add(network)
            attended(event)

    add(2)
    few = queries(client, "/api/v1/events")
    add(25)
    assert queries(client, "/api/v1/events") == few
    body = client.get("/api/v1/events", {"page_size": 10, "page": 3}).json()
    assert (body["count"], body["page"], body["pages"], len(body["items"])) == (27, 3, 3, 7)


# --- News ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_news_lists_published_items_with_filters(client, staff_user):
    libya = CountryFactory(code="LY")
    topic = TopicFactory(slug="protection")
    project = ProjectFactory(slug="libmitaf")
    published = NewsFactory(title="Focal points meet in Tripoli", slug="focal-points")
    published.countries.add(libya)
    published.tags.add(topic)
    published.projects.add(project)
    NewsFactory(title="Other news")
    NewsFactory(title="Draft", slug="draft-item", status="draft", published_at=None)
    body = client.get("/api/v1/news").json()
    assert sorted(n["title"] for n in body["items"]) == [
        "Focal points meet in Tripoli",
        "Other news",
    ]
    for params in ({"country": "ly"}, {"tag": "protection"}, {"project": "libmitaf"}):
        items = client.get("/api/v1/news", params).json()["items"]
        assert [n["slug"] for n in items] == ["focal-points"], params
    detail = client.get("/api/v1/news/focal-points").json()
    assert detail["projects"] == ["libmitaf"] and detail["countries"] == ["LY"]
    assert client.get("/api/v1/news/draft-item").status_code == 404
    client.force_login(staff_user)
    assert client.get("/api/v1/news/draft-item").json()["status"] == "draft"


@pytest.mark.django_db
def test_news_query_count_does_not_grow(client):
    country = CountryFactory(code="LY")
    topic = TopicFactory()
    project = ProjectFactory()

    def add(n):
        for _ in range(n):
            news = NewsFactory()
            news.countries.add(country)
            news.tags.add(topic)
            news.projects.add(project)

    add(2)
    few = queries(client, "/api/v1/news")
    add(25)
    assert queries(client, "/api/v1/news") == few
    assert client.get("/api/v1/news", {"page_size": 5}).json()["pages"] == 6


# --- Dialogues -----------------------------------------------------------------------------------


@pytest.fixture
def rabat(db):
    dialogue = DialogueFactory(
        name="Euro-African Dialogue on Migration and Development",
        short_name="Rabat Process",
        slug="rabat-process",
    )
    libya = CountryFactory(code="LY")
    PartnerStateFactory(dialogue=dialogue, country=libya, joined_year=2017)
    PartnerStateFactory(dialogue=dialogue, country=CountryFactory(code="IT"), status="observer")
    return dialogue


def appoint(dialogue, by, **kw):
    from shabaka.dialogues import services

    person = kw.pop("person", None) or OfficialFactory()
    return services.appointment_create(
        dialogue=dialogue,
        country=person.organisation.country,
        function=kw.pop("function", "national"),
        person=person,
        started_on=kw.pop("started_on", dt.date(2022, 1, 10)),
        act_reference=kw.pop("act_reference", "Decision 12/2022"),
        act_date=dt.date(2022, 1, 5),
        created_by=by,
        **kw,
    )


@pytest.mark.django_db
def test_dialogue_detail_hides_focal_point_names_from_the_public(client, rabat, staff_user):
    official = OfficialFactory(full_name="Placeholder Focal Point, Rabat Process")
    appoint(rabat, staff_user, person=official)
    body = client.get("/api/v1/dialogues/rabat-process").json()
    assert (body["members"], body["observers"]) == (1, 1)
    assert {p["country"]: p["status"] for p in body["partner_states"]} == {
        "LY": "member",
        "IT": "observer",
    }
    assert body["focal_points"][0]["function"] == "national"
    assert body["focal_points"][0]["name"] is None
    assert "Placeholder Focal Point" not in str(body)
    client.force_login(staff_user)
    body = client.get("/api/v1/dialogues/rabat-process").json()
    assert body["focal_points"][0]["name"] == "Placeholder Focal Point, Rabat Process"
    assert client.get("/api/v1/dialogues/nope").status_code == 404


@pytest.mark.django_db
def test_dialogue_list_filters_and_query_count(client, rabat):
    assert [
        d["slug"] for d in client.get("/api/v1/dialogues", {"country": "ly"}).json()["items"]
    ] == ["rabat-process"]
    assert client.get("/api/v1/dialogues", {"country": "ZZ"}).json()["items"] == []
    assert client.get("/api/v1/dialogues", {"q": "rabat"}).json()["count"] == 1
    few = queries(client, "/api/v1/dialogues")
    for _ in range(20):
        PartnerStateFactory(dialogue=DialogueFactory(), country=CountryFactory(code="LY"))
    assert queries(client, "/api/v1/dialogues") == few


# --- Action plans --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_plans_show_computed_progress(client, staff_user):
    from shabaka.plans import services
    from shabaka.plans.models import Indicator

    plan = make_full_plan(by=staff_user, visibility=Visibility.PUBLIC, adopt=True)
    make_full_plan(by=staff_user, visibility=Visibility.MEMBERS, adopt=True)
    activity = plan.activities.get()
    indicator = Indicator.objects.get(title="People trained 1", owner_id=activity.pk)
    update = services.progress_submit(
        indicator=indicator,
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 6, 30),
        value=40,
        narrative="Sessions held in Tripoli and Sabha.",
        submitted_by=staff_user,
    )
    services.progress_validate(update=update, validated_by=staff_user)
    body = client.get("/api/v1/plans").json()
    assert [p["id"] for p in body["items"]] == [plan.pk]
    detail = client.get(f"/api/v1/plans/{plan.pk}").json()
    activity = detail["objectives"][0]["activities"][0]
    progress = activity["indicators"][0]["progress"]
    assert progress["percent"] == "40.0" or float(progress["percent"]) == 40.0
    assert progress["bar"] == 40 and progress["reached"] is False
    assert detail["activity_counts"]["total"] == 1


@pytest.mark.django_db
def test_members_only_plan_is_404_to_the_public_and_shown_to_members(client, make_user):
    network = NetworkFactory()
    plan = make_full_plan(network=network, visibility=Visibility.MEMBERS, adopt=True)
    assert client.get(f"/api/v1/plans/{plan.pk}").status_code == 404
    organisation = OrganisationFactory()
    MembershipFactory(network=network, organisation=organisation)
    client.force_login(make_user(scoped=[(Role.ORG_EDITOR, organisation)]))
    assert client.get(f"/api/v1/plans/{plan.pk}").status_code == 200
    assert client.get("/api/v1/plans", {"network": network.slug}).json()["count"] == 1


@pytest.mark.django_db
def test_plan_detail_query_count_does_not_grow_with_activities(client, staff_user):
    small = make_full_plan(by=staff_user, visibility=Visibility.PUBLIC, activities=1, adopt=True)
    large = make_full_plan(by=staff_user, visibility=Visibility.PUBLIC, activities=15, adopt=True)
    assert queries(client, f"/api/v1/plans/{small.pk}") == queries(
        client, f"/api/v1/plans/{large.pk}"
    )
    few = queries(client, "/api/v1/plans")
    for _ in range(5):
        make_full_plan(by=staff_user, visibility=Visibility.PUBLIC, adopt=True)
    assert queries(client, "/api/v1/plans") == few
