"""Events and action-plan activities are taggable like projects: the follow-up view, its XLSX
export and the tagging page count and list them, as far as the viewer may see them."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from shabaka.core.visibility import Visibility
from shabaka.dialogues import selectors, services, taggables
from shabaka.dialogues.frameworks import load_frameworks
from shabaka.dialogues.models import Framework, FrameworkItem, FrameworkTag
from tests.factories.directory import CountryFactory, PlaceFactory
from tests.factories.events import EventFactory
from tests.factories.networks import NetworkFactory
from tests.factories.plans import make_activity, make_objective, make_plan
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db
TRIPOLI = ZoneInfo("Africa/Tripoli")


@pytest.fixture
def world(staff_user):
    load_frameworks()
    libya = CountryFactory(code="LY", name="Libya")
    italy = CountryFactory(code="IT", name="Italy")
    tripoli = PlaceFactory(country=libya, code="LY0101", name="Tripoli")
    network = NetworkFactory(country=libya, visibility=Visibility.PUBLIC)
    public_plan = make_plan(network=network, visibility=Visibility.PUBLIC, by=staff_user)
    objective = make_objective(public_plan, by=staff_user)
    members_plan = make_plan(network=network, title="Members' plan", by=staff_user)
    w = {
        "libya": libya,
        "italy": italy,
        "project": ProjectFactory(title="Tagged project"),
        "activity_2021": make_activity(objective, title="Trainings 2021", by=staff_user),
        "activity_2019": make_activity(
            objective,
            title="Trainings 2019",
            planned_start=date(2020, 1, 10),
            planned_end=date(2020, 3, 1),
            by=staff_user,
        ),
        "hidden_activity": make_activity(
            make_objective(members_plan, by=staff_user), title="Members-only", by=staff_user
        ),
        "workshop": EventFactory(title="Tripoli workshop", place=tripoli),
        "study_visit": EventFactory(
            title="Study visit to Italy",
            country=italy,
            starts_at=datetime(2019, 9, 23, 9, 0, tzinfo=TRIPOLI),
            ends_at=datetime(2019, 9, 27, 17, 0, tzinfo=TRIPOLI),
        ),
        "staff_event": EventFactory(title="Staff retreat", visibility=Visibility.STAFF),
    }
    w["project"].countries.add(libya)
    from shabaka.plans import services as plan_services

    plan_services.plan_adopt(plan=public_plan, adopted_by=staff_user, adopted_on=date(2020, 2, 1))
    gcm23 = FrameworkItem.objects.get(code="GCM-23")
    gcm7 = FrameworkItem.objects.get(code="GCM-7")
    tagged = {
        gcm23: ["project", "activity_2021", "hidden_activity", "workshop", "study_visit"],
        gcm7: ["activity_2019", "workshop", "staff_event"],
    }
    for item, keys in tagged.items():
        for key in keys:
            services.framework_tag(item=item, target=w[key], tagged_by=staff_user)
    w.update(gcm23=gcm23, gcm7=gcm7, gcm=Framework.objects.get(code="GCM"))
    return w


def counts_of(result, code):
    row = next(r for r in result["rows"] if r.item.code == code)
    return row.counts, sorted(str(r) for records in row.records.values() for r in records)


def test_projects_activities_and_events_are_registered():
    assert {t.key for t in taggables.registered()} >= {"projects", "activities", "events"}
    assert taggables.get("events").model_label == "events.Event"
    assert taggables.get("activities").model_label == "plans.Activity"


def test_follow_up_counts_match_the_tagged_records_across_the_three_kinds(world):
    from django.contrib.auth.models import AnonymousUser

    result = selectors.framework_follow_up(framework=world["gcm"], viewer=AnonymousUser())
    counts, records = counts_of(result, "GCM-23")
    # The members-only plan's activity is not counted for the public.
    assert counts == {"projects": 1, "activities": 1, "events": 2}
    assert records == sorted(
        ["Tagged project", str(world["activity_2021"]), "Tripoli workshop", "Study visit to Italy"]
    )
    counts, _records = counts_of(result, "GCM-7")
    assert counts == {"projects": 0, "activities": 1, "events": 1}  # the staff event is hidden
    # Independently: the tags in the database, minus what the public may not see.
    assert FrameworkTag.objects.filter(item=world["gcm23"]).count() == 5
    assert sum(result["totals"]) == 4 + 2


def test_staff_see_every_tagged_record(world, staff_user):
    result = selectors.framework_follow_up(framework=world["gcm"], viewer=staff_user)
    assert counts_of(result, "GCM-23")[0] == {"projects": 1, "activities": 2, "events": 2}
    assert counts_of(result, "GCM-7")[0] == {"projects": 0, "activities": 1, "events": 2}


def test_filters_by_country_and_period_apply_to_events_and_activities(world, staff_user):
    in_italy = selectors.framework_follow_up(
        framework=world["gcm"], viewer=staff_user, country=world["italy"]
    )
    assert counts_of(in_italy, "GCM-23") == (
        {"projects": 0, "activities": 0, "events": 1},
        ["Study visit to Italy"],
    )
    in_libya = selectors.framework_follow_up(
        framework=world["gcm"], viewer=staff_user, country=world["libya"]
    )
    # The workshop is in Libya through its place; activities through their network's country.
    assert counts_of(in_libya, "GCM-23")[0] == {"projects": 1, "activities": 2, "events": 1}
    in_2020 = selectors.framework_follow_up(
        framework=world["gcm"], viewer=staff_user, start=date(2020, 1, 1), end=date(2020, 12, 31)
    )
    assert counts_of(in_2020, "GCM-7")[0] == {"projects": 0, "activities": 1, "events": 0}


def test_the_page_and_the_export_list_events_and_activities(client, world):
    page = client.get("/frameworks/gcm/").content.decode()
    assert "Tripoli workshop" in page and f"/events/{world['workshop'].slug}/" in page
    plan_id = world["activity_2021"].plan_id
    assert f"/plans/{plan_id}/#activity-{world['activity_2021'].pk}" in page
    assert "Members-only" not in page and "Staff retreat" not in page
    workbook = load_workbook(io.BytesIO(client.get("/frameworks/gcm/export.xlsx").content))
    rows = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    by_record = {row[3]: row for row in rows}
    assert by_record["Study visit to Italy"][6] == "IT"
    assert by_record["Tripoli workshop"][6] == "LY"
    assert by_record[str(world["activity_2021"])][2] == "Action-plan activities"
    assert len(rows) == 6


def test_staff_tag_an_event_and_an_activity_from_the_tagging_page(client, world, staff_user):
    client.force_login(staff_user)
    item = FrameworkItem.objects.get(code="JVAP-1")
    for key, record in (("events", world["study_visit"]), ("activities", world["activity_2019"])):
        url = f"/frameworks/tags/{key}/{record.pk}/"
        assert client.get(url).status_code == 200
        assert client.post(url, {"items": [item.pk]}).status_code == 302
        assert selectors.tags_of(record) == {item.pk}


def test_the_event_page_and_the_plan_page_link_to_the_tagging_page_for_staff_only(
    client, world, staff_user
):
    event, activity = world["workshop"], world["activity_2021"]
    tag_event = f"/frameworks/tags/events/{event.pk}/"
    tag_activity = f"/frameworks/tags/activities/{activity.pk}/"
    page = client.get(f"/events/{event.slug}/").content.decode()
    assert tag_event not in page and "GCM-23" in page
    assert tag_activity not in client.get(f"/plans/{activity.plan_id}/").content.decode()
    client.force_login(staff_user)
    assert tag_event in client.get(f"/events/{event.slug}/").content.decode()
    assert tag_activity in client.get(f"/plans/{activity.plan_id}/").content.decode()


def test_a_hidden_record_cannot_be_tagged_by_its_address(client, world, make_user):
    outsider_staff = make_user("staff")
    client.force_login(make_user())
    url = f"/frameworks/tags/activities/{world['hidden_activity'].pk}/"
    assert client.get(url).status_code == 404
    client.force_login(outsider_staff)
    assert client.get(url).status_code == 200
