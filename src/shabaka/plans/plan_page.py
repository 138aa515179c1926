"""Reads for a plan's page: the plan's objectives with their indicators, its activities counted
by schedule state (in the database), and one page of its activities, filtered by objective,
schedule state or a single activity. A fixed number of queries whatever the number of
activities; the rows read grow with the page size, not with the plan."""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from shabaka.plans.computations import ScheduleState, schedule_state
from shabaka.plans.models import ActionPlan, Activity, ActivityStatus, Adaptation, Objective
from shabaka.plans.selectors import (
    _attach_progress,
    late_q,
    schedule_counts,
    visible_organisation_ids,
)

ACTIVITIES_PER_PAGE = 25
# What plan_page returns, for a context read lazily (core.fragments.lazy_context).
PAGE_CONTEXT = (
    "objectives",
    "counts",
    "page",
    "filters",
    "states",
    "adaptations",
    "versions",
    "today",
)
STATES = (ScheduleState.ON_TRACK, ScheduleState.LATE, ScheduleState.DONE, ScheduleState.CANCELLED)


@dataclass(frozen=True)
class ActivityFilters:
    """What the page's activities are narrowed to; every field optional."""

    objective: int | None = None
    state: str = ""  # a ScheduleState value
    activity: int | None = None

    @classmethod
    def from_query(cls, query) -> "ActivityFilters":
        """From a request's GET: values that are not numbers or states are ignored."""

        def number(name):
            value = query.get(name, "")
            return int(value) if value.isdigit() else None

        state = query.get("state", "")
        return cls(
            objective=number("objective"),
            state=state if state in STATES else "",
            activity=number("activity"),
        )

    def __bool__(self) -> bool:
        return bool(self.objective or self.state or self.activity)


def schedule_q(state: str, *, today: date) -> Q:
    """Activities in schedule state `state` on `today`: the rules of
    computations.schedule_state as a condition."""
    done, cancelled = ActivityStatus.DONE, ActivityStatus.CANCELLED
    if state == ScheduleState.DONE:
        return Q(status=done)
    if state == ScheduleState.CANCELLED:
        return Q(status=cancelled)
    late = late_q(today=today)
    if state == ScheduleState.LATE:
        return late
    return ~Q(status__in=[done, cancelled]) & ~late


def _filtered(plan: ActionPlan, filters: ActivityFilters, *, today: date) -> QuerySet[Activity]:
    activities = Activity.objects.filter(plan=plan)
    if filters.objective:
        activities = activities.filter(objective_id=filters.objective)
    if filters.state:
        activities = activities.filter(schedule_q(filters.state, today=today))
    if filters.activity:
        activities = activities.filter(pk=filters.activity)
    return activities


def plan_page(
    *,
    plan: ActionPlan,
    viewer,
    filters: ActivityFilters | None = None,
    page_number=None,
    today: date | None = None,
) -> dict:
    """The plan page's data: `objectives` (each with `indicators_list` and `activity_count`),
    `counts` by schedule state of all the plan's activities, `page` (a page of activities, each
    with what plan_document gives it), `adaptations` and `versions`."""
    today = today or timezone.localdate()
    filters = filters or ActivityFilters()
    objectives = list(
        Objective.objects.filter(plan=plan)
        .annotate(activity_count=Count("activities"))
        .prefetch_related(Prefetch("indicators", to_attr="indicators_list"))
        .order_by("order", "id")
    )
    counts = schedule_counts(Activity.objects.filter(plan=plan), today=today)
    activities = (
        _filtered(plan, filters, today=today)
        .select_related("lead", "project", "objective")
        # Into lists (to_attr): no related manager and queryset made for each activity.
        .prefetch_related(
            Prefetch("partners", to_attr="partners_list"),
            Prefetch("places", to_attr="places_list"),
            Prefetch("indicators", to_attr="indicators_list"),
        )
        .order_by("objective__order", "objective_id", "order", "id")
    )
    paginator = Paginator(activities, ACTIVITIES_PER_PAGE)
    if not filters:
        paginator.count = counts["total"]  # counted with the schedule states: no second COUNT
    page = paginator.get_page(page_number)
    page.object_list = list(page.object_list)
    org_ids = set()
    for activity in page.object_list:
        org_ids.add(activity.lead_id)
        org_ids |= {p.pk for p in activity.partners_list}
    shown = visible_organisation_ids(viewer, org_ids)
    indicators = []
    for activity in page.object_list:
        activity.plan = plan  # the same object: rules asked per activity cost no query
        activity.lead_shown = activity.lead_id in shown
        activity.partners_shown = [p for p in activity.partners_list if p.pk in shown]
        activity.partners_hidden = len(activity.partners_list) - len(activity.partners_shown)
        activity.schedule = schedule_state(
            status=activity.status,
            planned_start=activity.planned_start,
            planned_end=activity.planned_end,
            today=today,
        )
        indicators += activity.indicators_list
    for objective in objectives:
        objective.plan = plan
        indicators += objective.indicators_list
    _attach_progress(indicators, viewer=viewer)
    adaptations = list(
        Adaptation.objects.filter(plan=plan)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("activities", queryset=Activity.objects.only("id", "code", "title", "plan_id"))
        )
    )
    return {
        "plan": plan,
        "objectives": objectives,
        "counts": counts,
        "page": page,
        "filters": filters,
        "states": STATES,
        "adaptations": adaptations,
        "versions": list(plan.versions.order_by("number")),
        "today": today,
    }
