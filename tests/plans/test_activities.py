"""Activities: who may lead or partner, dates, budget, status moves; joint activities."""

import datetime as dt

import pytest

from shabaka.accounts.models import AuditEntry
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.plans import selectors, services
from shabaka.plans.models import Activity, ActivityStatus
from tests.factories.directory import OrganisationFactory
from tests.factories.networks import NetworkFactory
from tests.factories.plans import make_activity, make_full_plan, member_of


@pytest.fixture
def objective(plan):
    return plan.objectives.get()


@pytest.mark.django_db
def test_a_lead_that_is_not_a_member_is_refused_and_nothing_is_created(objective, coordinator):
    stranger = OrganisationFactory(name="Not A Member")
    before = (Activity.objects.count(), AuditEntry.objects.count())
    with pytest.raises(Refused, match="Not A Member is not an active member") as refused:
        make_activity(objective, lead=stranger, by=coordinator)
    assert refused.value.field == "lead"
    assert (Activity.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_end_before_start_is_refused(objective, coordinator, lead):
    with pytest.raises(Refused, match=r"ends \(2021-01-01\) before it starts \(2021-02-01\)"):
        make_activity(
            objective,
            lead=lead,
            by=coordinator,
            planned_start=dt.date(2021, 2, 1),
            planned_end=dt.date(2021, 1, 1),
        )
    assert not objective.activities.filter(lead=lead).exists()


@pytest.mark.django_db
def test_a_budget_needs_a_currency(objective, coordinator, lead):
    with pytest.raises(Refused, match="currency"):
        make_activity(objective, lead=lead, by=coordinator, budget="1500")
    activity = make_activity(objective, lead=lead, by=coordinator, budget="1500", currency="lyd")
    assert activity.currency == "LYD"


@pytest.mark.django_db
def test_partners_may_come_from_another_network_but_must_be_members_somewhere(
    objective, coordinator, lead, viewer_user, network
):
    other = NetworkFactory(slug="demo-net-sabha")
    partner = member_of(other, name="Sabha Relief")
    with pytest.raises(Refused, match="Partners must be active members of a network"):
        make_activity(objective, lead=lead, by=coordinator, partners=[OrganisationFactory()])
    joint = make_activity(objective, lead=lead, by=coordinator, partners=[partner], title="Joint")
    services.plan_adopt(plan=objective.plan, adopted_by=coordinator)
    objective.plan.refresh_from_db()
    # The joint activity shows on both networks (to whoever may see the plan).
    from shabaka.plans.models import ActionPlan

    ActionPlan.objects.filter(pk=objective.plan.pk).update(visibility="public")
    assert joint in selectors.activities_involving_network(other, viewer_user)
    assert joint in selectors.activities_involving_network(network, viewer_user)
    summary = selectors.network_plan_summary(network=other, viewer=viewer_user)
    assert [a.title for a in summary["joint_activities"]] == ["Joint"]
    # Not to someone who may not see the plan.
    ActionPlan.objects.filter(pk=objective.plan.pk).update(visibility="members")
    assert joint not in selectors.activities_involving_network(other, viewer_user)


@pytest.mark.django_db
def test_status_moves_only_through_named_steps(objective, coordinator, lead):
    activity = make_activity(objective, lead=lead, by=coordinator)
    with pytest.raises(InvalidTransition, match="Only an ongoing activity can be marked done"):
        services.activity_finish(activity=activity, finished_by=coordinator)
    services.activity_start(
        activity=activity, started_by=coordinator, actual_start=dt.date(2021, 2, 3)
    )
    services.activity_postpone(activity=activity, postponed_by=coordinator, reason="COVID-19")
    services.activity_start(
        activity=activity, started_by=coordinator, actual_start=dt.date(2021, 4, 1)
    )
    with pytest.raises(Refused, match="before it starts"):
        services.activity_finish(
            activity=activity, finished_by=coordinator, actual_end=dt.date(2021, 3, 1)
        )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.ONGOING and activity.actual_end is None
    services.activity_finish(
        activity=activity, finished_by=coordinator, actual_end=dt.date(2021, 6, 1)
    )
    assert activity.status == ActivityStatus.DONE
    with pytest.raises(InvalidTransition):
        services.activity_cancel(activity=activity, cancelled_by=coordinator, reason="x")


@pytest.mark.django_db
def test_the_lead_editor_moves_the_activity_and_a_posted_status_is_ignored(
    client, plan, lead_editor, lead, coordinator
):
    activity = make_activity(plan.objectives.get(), lead=lead, by=coordinator)
    client.force_login(lead_editor)
    url = f"/plans/{plan.pk}/activities/{activity.pk}/status/"
    response = client.post(url, {"action": "start", "on_date": "2021-02-02", "status": "done"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.ONGOING and activity.actual_start == dt.date(
        2021, 2, 2
    )
    # Editing the activity itself is the coordinator's.
    assert client.get(f"/plans/{plan.pk}/activities/{activity.pk}/edit/").status_code == 403


@pytest.mark.django_db
def test_the_activity_form_refuses_a_lead_outside_the_network(client, plan, coordinator):
    stranger = OrganisationFactory(name="Outside Org")
    client.force_login(coordinator)
    count = Activity.objects.count()
    response = client.post(
        f"/plans/{plan.pk}/activities/new/",
        {
            "objective": plan.objectives.get().pk,
            "title": "Visits",
            "lead": stranger.pk,
            "planned_start": "2021-03-01",
            "planned_end": "2021-04-01",
            "status": "done",
        },
    )
    assert response.status_code == 200
    assert "only a member can lead an activity" in response.content.decode()
    assert Activity.objects.count() == count


@pytest.mark.django_db
def test_creating_an_activity_through_the_form(client, plan, coordinator, lead):
    client.force_login(coordinator)
    response = client.post(
        f"/plans/{plan.pk}/activities/new/",
        {
            "objective": plan.objectives.get().pk,
            "title": "Visits",
            "lead": lead.pk,
            "planned_start": "2021-03-01",
            "planned_end": "2021-04-01",
            "budget": "2500",
            "currency": "EUR",
            "status": "done",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Visits")
    assert activity.status == ActivityStatus.PLANNED and activity.budget == 2500
    # The end-before-start refusal reaches the form too.
    response = client.post(
        f"/plans/{plan.pk}/activities/new/",
        {
            "objective": plan.objectives.get().pk,
            "title": "Backwards",
            "lead": lead.pk,
            "planned_start": "2021-05-01",
            "planned_end": "2021-04-01",
        },
    )
    assert response.status_code == 200 and "before it starts" in response.content.decode()
    assert not Activity.objects.filter(title="Backwards").exists()


@pytest.mark.django_db
def test_dashboard_counts(network, coordinator, viewer_user):
    plan = make_full_plan(network=network, by=coordinator, activities=3, visibility="public")
    a1, a2, a3 = plan.activities.order_by("id")
    services.activity_start(activity=a1, started_by=coordinator, actual_start=dt.date(2021, 2, 1))
    services.activity_finish(activity=a1, finished_by=coordinator, actual_end=dt.date(2021, 3, 1))
    services.activity_start(activity=a2, started_by=coordinator, actual_start=dt.date(2021, 2, 1))
    services.plan_adopt(plan=plan, adopted_by=coordinator)
    summary = selectors.network_plan_summary(
        network=network, viewer=viewer_user, today=dt.date(2021, 5, 1)
    )
    # a1 done; a2 ongoing within its dates; a3 planned for 2021-02-01, not started: late.
    assert summary["counts"] == {"on_track": 1, "late": 1, "done": 1, "cancelled": 0, "total": 3}


@pytest.mark.django_db
def test_schedule_counts_in_the_database_agree_with_schedule_state(network, coordinator):
    """The network page counts in SQL; every status on either side of both dates must give what
    `schedule_state` gives activity by activity."""
    from collections import Counter

    from shabaka.plans.computations import schedule_state

    plan = make_full_plan(network=network, by=coordinator, activities=1)
    template = plan.activities.get()
    today = dt.date(2021, 6, 15)
    days = [dt.date(2021, 6, 1), today, dt.date(2021, 6, 30)]
    rows = []
    for status in ActivityStatus.values:
        for start in days:
            for end in (d for d in days if d >= start):
                rows.append(
                    Activity(
                        plan=plan,
                        objective=template.objective,
                        lead=template.lead,
                        title=f"{status} {start} {end}",
                        status=status,
                        planned_start=start,
                        planned_end=end,
                    )
                )
    Activity.objects.bulk_create(rows)
    expected = Counter(
        schedule_state(
            status=a.status, planned_start=a.planned_start, planned_end=a.planned_end, today=today
        )
        for a in plan.activities.all()
    )
    counts = selectors.schedule_counts(plan.activities.all(), today=today)
    assert counts == {
        "on_track": expected["on_track"],
        "late": expected["late"],
        "done": expected["done"],
        "cancelled": expected["cancelled"],
        "total": sum(expected.values()),
    }
    assert counts["late"] and counts["on_track"] and counts["done"] and counts["cancelled"]


@pytest.mark.django_db
def test_a_joint_activity_names_its_lead_only_to_those_who_may_see_it(
    network, coordinator, outsider, staff_user
):
    """The network page shows "led by" only when the viewer may see the lead (an unlisted
    organisation stays unnamed), decided in the summary's one query."""
    from tests.factories.networks import MembershipFactory

    other = NetworkFactory(slug="demo-net-sabha")
    quiet = member_of(network, name="Quiet Lead", visibility="members")
    MembershipFactory(network=other, organisation=quiet)
    plan = make_full_plan(network=network, by=coordinator, visibility="public", adopt=True)
    make_activity(plan.objectives.get(), lead=quiet, by=coordinator, title="Joint work")
    for viewer, shown in ((outsider, False), (staff_user, True)):
        summary = selectors.network_plan_summary(network=other, viewer=viewer)
        assert [(a.title, a.lead_shown) for a in summary["joint_activities"]] == [
            ("Joint work", shown)
        ]
