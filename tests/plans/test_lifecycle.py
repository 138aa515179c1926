"""Plan life cycle draft -> adopted -> revised -> closed, frozen versions and their comparison."""

import datetime as dt

import pytest

from shabaka.accounts.models import AuditEntry
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.plans import services
from shabaka.plans.models import PlanStatus, PlanVersion
from shabaka.plans.snapshot import compare
from tests.factories.plans import make_activity, make_indicator, make_plan


@pytest.mark.django_db
def test_adopting_freezes_version_one_and_revisions_keep_every_version(plan, coordinator):
    v1 = services.plan_adopt(plan=plan, adopted_by=coordinator, adopted_on=dt.date(2021, 1, 28))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED and plan.adopted_on == dt.date(2021, 1, 28)
    assert v1.number == 1 and v1.decided_by == coordinator
    titles = [a["title"] for a in v1.snapshot["objectives"][0]["activities"]]
    assert titles == ["Activity 1", "Activity 2"]

    activity = plan.activities.get(title="Activity 1")
    services.activity_update(
        activity=activity,
        updated_by=coordinator,
        title="Online awareness sessions",
        planned_end=dt.date(2021, 9, 30),
    )
    v2 = services.plan_revise(plan=plan, revised_by=coordinator, reason="COVID-19: moved online")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVISED and v2.number == 2 and v2.reason.startswith("COVID")
    # Version 1 is untouched by the change.
    v1.refresh_from_db()
    assert v1.snapshot["objectives"][0]["activities"][0]["title"] == "Activity 1"

    services.plan_close(plan=plan, closed_by=coordinator, reason="period over")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED and plan.closed_on is not None
    assert list(plan.versions.values_list("number", flat=True)) == [1, 2]
    transitions = AuditEntry.objects.filter(action="transition", object_id=str(plan.pk))
    assert [e.changes["status"] for e in transitions.order_by("id")] == [
        ["draft", "adopted"],
        ["adopted", "revised"],
        ["revised", "closed"],
    ]


@pytest.mark.django_db
def test_compare_shows_field_by_field_what_changed(plan, coordinator, network):
    v1 = services.plan_adopt(plan=plan, adopted_by=coordinator)
    activity = plan.activities.get(title="Activity 1")
    objective = activity.objective
    services.activity_update(activity=activity, updated_by=coordinator, title="Online sessions")
    added = make_activity(objective, by=coordinator, title="Radio programme")
    removed_indicator = objective.indicators.get()
    removed_indicator.delete()
    make_indicator(added, by=coordinator, title="Listeners")
    v2 = services.plan_revise(plan=plan, revised_by=coordinator, reason="context")
    changes = {c["label"]: c for c in compare(v1.snapshot, v2.snapshot)}
    changed = changes["1.1 Online sessions"]
    assert changed["change"] == "changed"
    assert [(f["name"], f["old"], f["new"]) for f in changed["fields_changed"]] == [
        ("title", "Activity 1", "Online sessions")
    ]
    assert changes["Radio programme"]["change"] == "added"
    assert changes["Radio programme › Listeners"]["change"] == "added"
    removed = [c for c in changes.values() if c["change"] == "removed"]
    assert [c["kind"] for c in removed] == ["indicator"]


@pytest.mark.django_db
def test_compare_page_lists_the_changes(client, plan, coordinator):
    services.plan_adopt(plan=plan, adopted_by=coordinator)
    activity = plan.activities.get(title="Activity 2")
    services.activity_update(
        activity=activity, updated_by=coordinator, planned_start=dt.date(2021, 3, 1)
    )
    services.plan_revise(plan=plan, revised_by=coordinator, reason="security closed a road")
    client.force_login(coordinator)
    response = client.get(f"/plans/{plan.pk}/compare/?a=1&b=2")
    assert response.status_code == 200
    body = response.content.decode()
    assert "planned start" in body and "2021-02-01" in body and "2021-03-01" in body
    assert "security closed a road" in body
    version_page = client.get(f"/plans/{plan.pk}/versions/1/")
    assert version_page.status_code == 200 and "Activity 2" in version_page.content.decode()
    assert client.get(f"/plans/{plan.pk}/versions/9/").status_code == 404


@pytest.mark.django_db
def test_wrong_steps_are_refused_and_change_nothing(plan, coordinator):
    with pytest.raises(InvalidTransition, match="Only an adopted plan can be revised"):
        services.plan_revise(plan=plan, revised_by=coordinator, reason="x")
    with pytest.raises(InvalidTransition, match="Only an adopted plan can be closed"):
        services.plan_close(plan=plan, closed_by=coordinator)
    services.plan_adopt(plan=plan, adopted_by=coordinator)
    with pytest.raises(InvalidTransition, match="Only a draft plan can be adopted"):
        services.plan_adopt(plan=plan, adopted_by=coordinator)
    with pytest.raises(Refused, match="Say why"):
        services.plan_revise(plan=plan, revised_by=coordinator, reason="  ")
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED


@pytest.mark.django_db
def test_a_plan_without_objectives_cannot_be_adopted(network, coordinator):
    plan = make_plan(network=network, by=coordinator)
    with pytest.raises(Refused, match="at least one objective"):
        services.plan_adopt(plan=plan, adopted_by=coordinator)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and not plan.versions.exists()


@pytest.mark.django_db
def test_a_closed_plan_cannot_change(plan, coordinator):
    services.plan_adopt(plan=plan, adopted_by=coordinator)
    services.plan_close(plan=plan, closed_by=coordinator)
    objective = plan.objectives.first()
    with pytest.raises(InvalidTransition, match="closed"):
        services.objective_create(plan=plan, title="More", created_by=coordinator)
    with pytest.raises(InvalidTransition, match="closed"):
        make_activity(objective, by=coordinator)
    with pytest.raises(InvalidTransition, match="closed"):
        make_indicator(objective, by=coordinator)


@pytest.mark.django_db
def test_plan_period_ending_before_it_starts_is_refused(network, coordinator):
    with pytest.raises(Refused, match="ends .* before it starts"):
        make_plan(
            network=network,
            by=coordinator,
            period_start=dt.date(2022, 1, 1),
            period_end=dt.date(2021, 1, 1),
        )
    assert not network.action_plans.exists()


@pytest.mark.django_db
def test_decisions_through_the_pages_and_a_posted_status_changes_nothing(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(
        f"/plans/{plan.pk}/edit/",
        {
            "title": "Renamed",
            "period_start": "2020-01-01",
            "period_end": "2022-12-31",
            "visibility": "members",
            "status": "closed",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Renamed" and plan.status == PlanStatus.DRAFT
    response = client.post(f"/plans/{plan.pk}/adopt/", {"decided_on": "2021-01-28", "reason": ""})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED
    # A revision needs its reason: the form says so and nothing changes.
    response = client.post(f"/plans/{plan.pk}/revise/", {"reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert plan.versions.count() == 1


@pytest.mark.django_db
def test_a_member_who_is_not_coordinator_cannot_adopt(client, plan, member_editor):
    client.force_login(member_editor)
    assert client.get(f"/plans/{plan.pk}/").status_code == 200
    assert client.post(f"/plans/{plan.pk}/adopt/", {}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
