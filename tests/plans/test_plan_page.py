"""The plan page shows its activities a page at a time, filtered by objective or by where they
stand (the schedule states of computations.schedule_state, asked in the database), answers
htmx with the activities' part alone, and says so when there is nothing to show."""

import datetime as dt
import re

import pytest

from shabaka.plans.computations import schedule_state
from shabaka.plans.models import Activity, ActivityStatus
from shabaka.plans.plan_page import STATES, schedule_q
from shabaka.plans.services import adaptation_create
from tests.factories import bulk
from tests.factories.plans import make_objective, make_plan

pytestmark = pytest.mark.django_db

ACTIVITY = re.compile(r"zq-activity-\d{5}")


def _shown(response) -> set[str]:
    assert response.status_code == 200
    return set(ACTIVITY.findall(response.content.decode()))


@pytest.fixture
def big_plan(network, coordinator):
    plan = make_plan(network=network, by=coordinator)
    bulk.activities(plan, 20)  # objective 1
    bulk.activities(plan, 12, start=20)  # objective 2
    return plan


def test_the_activities_come_25_to_a_page_with_the_counts_of_all(client, coordinator, big_plan):
    client.force_login(coordinator)
    first = client.get(f"/plans/{big_plan.pk}/")
    second = client.get(f"/plans/{big_plan.pk}/?page=2")
    assert len(_shown(first)) == 25 and len(_shown(second)) == 7
    assert _shown(first) | _shown(second) == {f"zq-activity-{n:05}" for n in range(32)}
    assert "Page 1 of 2" in first.content.decode() and 'rel="next"' in first.content.decode()
    # The counts are of the whole plan, not of the page.
    assert re.search(r"<strong>32</strong>\s*late", first.content.decode())


def test_an_objective_narrows_the_activities(client, coordinator, big_plan):
    client.force_login(coordinator)
    second = big_plan.objectives.order_by("order").last()
    shown = _shown(client.get(f"/plans/{big_plan.pk}/?objective={second.pk}"))
    assert shown == {f"zq-activity-{n:05}" for n in range(20, 32)}


def test_the_schedule_states_asked_in_the_database_are_those_computed(network, coordinator):
    plan = make_plan(network=network, by=coordinator)
    rows = bulk.activities(plan, 10)
    today = dt.date(2021, 4, 1)
    dates = [
        (ActivityStatus.PLANNED, dt.date(2021, 3, 1), dt.date(2021, 5, 1)),  # late: not started
        (ActivityStatus.PLANNED, dt.date(2021, 5, 1), dt.date(2021, 6, 1)),  # on track
        (ActivityStatus.PLANNED, today, dt.date(2021, 6, 1)),  # on track: starts today
        (ActivityStatus.POSTPONED, dt.date(2021, 1, 1), dt.date(2021, 6, 1)),  # late
        (ActivityStatus.ONGOING, dt.date(2021, 1, 1), dt.date(2021, 3, 31)),  # late: past its end
        (ActivityStatus.ONGOING, dt.date(2021, 1, 1), today),  # on track: ends today
        (ActivityStatus.DONE, dt.date(2021, 1, 1), dt.date(2021, 2, 1)),
        (ActivityStatus.CANCELLED, dt.date(2021, 1, 1), dt.date(2021, 2, 1)),
        (ActivityStatus.DONE, dt.date(2021, 5, 1), dt.date(2021, 6, 1)),
        (ActivityStatus.ONGOING, dt.date(2021, 5, 1), dt.date(2021, 6, 1)),  # on track
    ]
    for activity, (status, start, end) in zip(rows, dates, strict=True):
        Activity.objects.filter(pk=activity.pk).update(
            status=status, planned_start=start, planned_end=end
        )
    activities = list(Activity.objects.filter(plan=plan))
    computed = {
        a.pk: schedule_state(
            status=a.status, planned_start=a.planned_start, planned_end=a.planned_end, today=today
        )
        for a in activities
    }
    for state in STATES:
        expected = {pk for pk, found in computed.items() if found == state}
        asked = set(
            Activity.objects.filter(schedule_q(state, today=today), plan=plan).values_list(
                "pk", flat=True
            )
        )
        assert asked == expected, state
    assert sum(
        Activity.objects.filter(schedule_q(state, today=today), plan=plan).count()
        for state in STATES
    ) == len(activities)


def test_a_state_narrows_the_activities(client, coordinator, big_plan):
    done = list(Activity.objects.filter(plan=big_plan).order_by("pk")[:3])
    Activity.objects.filter(pk__in=[a.pk for a in done]).update(status=ActivityStatus.DONE)
    client.force_login(coordinator)
    shown = _shown(client.get(f"/plans/{big_plan.pk}/?state=done"))
    assert shown == {ACTIVITY.search(a.title).group() for a in done}
    # A value that is not a state is ignored: every activity, a page of them.
    assert len(_shown(client.get(f"/plans/{big_plan.pk}/?state=nonsense&objective=x"))) == 25


def test_htmx_gets_the_activities_part_alone(client, coordinator, big_plan):
    client.force_login(coordinator)
    response = client.get(f"/plans/{big_plan.pk}/?page=2", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert len(_shown(response)) == 7
    assert body.lstrip().startswith('<div id="plan-activities"') and "<html" not in body
    assert "HX-Request" in response["Vary"]
    full = client.get(f"/plans/{big_plan.pk}/?page=2").content.decode()
    assert "<html" in full and 'id="plan-activities"' in full


def test_empty_states(client, network, coordinator):
    plan = make_plan(network=network, by=coordinator)
    client.force_login(coordinator)
    body = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "This plan has no objective yet." in body and "No activity yet." in body
    objective = make_objective(plan, by=coordinator)
    body = client.get(f"/plans/{plan.pk}/?objective={objective.pk}").content.decode()
    assert "No activity matches these filters." in body


def test_an_adaptation_links_to_its_activity_on_any_page(client, coordinator, big_plan):
    last = Activity.objects.filter(plan=big_plan).order_by("-objective__order", "-order").first()
    adaptation_create(
        plan=big_plan,
        title="Online sessions",
        what_changed="w",
        why="y",
        decided_on=dt.date(2021, 1, 28),
        decided_by="members",
        recorded_by=coordinator,
        activities=[last],
    )
    client.force_login(coordinator)
    body = client.get(f"/plans/{big_plan.pk}/").content.decode()
    link = f"?activity={last.pk}#activity-{last.pk}"
    assert link in body and f'id="activity-{last.pk}"' not in body  # on page 2
    shown = _shown(client.get(f"/plans/{big_plan.pk}/?activity={last.pk}"))
    assert shown == {ACTIVITY.search(last.title).group()}
