"""Reads of action plans, always through what the viewer may see: a hidden plan is a 404."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from shabaka.accounts.rules import is_project_staff
from shabaka.core.visibility import RecordVisibility, Visibility
from shabaka.networks.models import MembershipStatus
from shabaka.networks.selectors import member_network_ids, networks_visible_to
from shabaka.plans.computations import ScheduleState, schedule_state
from shabaka.plans.models import (
    ActionPlan,
    Activity,
    ActivityStatus,
    Adaptation,
    Indicator,
    Objective,
    PlanStatus,
    ProgressStatus,
    ProgressUpdate,
)


def visible_plan_q(user, path: str = "") -> Q:
    """The rule of plans_visible_to as a condition on plans reached through `path` (e.g.
    "plan__"): a query over activities joins its plan (by primary key) instead of asking
    `plan_id IN (every visible plan)`, for which SQLite built a temporary index over all plans
    on every request. Q() for staff."""
    if is_project_staff(user):
        return Q()
    public = Q(
        **{f"{path}visibility": Visibility.PUBLIC, f"{path}network__visibility": Visibility.PUBLIC}
    ) & ~Q(**{f"{path}status": PlanStatus.DRAFT})
    networks = member_network_ids(user)
    if not networks:
        return public
    return public | (
        Q(**{f"{path}network_id__in": networks}) & ~Q(**{f"{path}visibility": Visibility.STAFF})
    )


PLANS = RecordVisibility("plans.ActionPlan", visible_plan_q)


def plans_visible_to(user) -> QuerySet[ActionPlan]:
    """Staff see every plan; members of a network see its plans (drafts included) unless a plan
    is for staff only; everyone sees the adopted plans made public by a public network."""
    return PLANS.queryset(user).select_related("network")


def plan_list(*, viewer, network=None, status: str = "", year: int | None = None):
    plans = plans_visible_to(viewer).order_by("-period_start", "title")
    if network is not None:
        plans = plans.filter(network=network)
    if status:
        plans = plans.filter(status=status)
    if year:
        plans = plans.filter(period_start__year__lte=year, period_end__year__gte=year)
    return plans


def visible_organisation_ids(viewer, ids) -> set[int]:
    from shabaka.directory.selectors import organisations_visible_to

    ids = set(ids)
    if not ids:
        return set()
    if is_project_staff(viewer):
        return ids
    return set(organisations_visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True))


def _attach_progress(indicators: list[Indicator], *, viewer) -> None:
    """Sets on each indicator: `updates_list` (newest first), `latest` (latest validated update),
    `achievement` (of the latest validated value) and `pending` (updates awaiting validation)."""
    by_indicator: dict[int, list] = {}
    if indicators:
        updates = ProgressUpdate.objects.filter(
            indicator_id__in=[i.pk for i in indicators]
        ).order_by("-period_end", "-id")
        for update in updates:
            by_indicator.setdefault(update.indicator_id, []).append(update)
    for indicator in indicators:
        updates = by_indicator.get(indicator.pk, [])
        for update in updates:
            update.indicator = indicator  # no query to reach back to it
        indicator.updates_list = updates
        validated = [u for u in updates if u.status == ProgressStatus.VALIDATED]
        indicator.latest = validated[0] if validated else None
        indicator.achievement = indicator.achievement_of(
            indicator.latest.value if indicator.latest else None
        )
        indicator.pending = sum(1 for u in updates if u.status == ProgressStatus.SUBMITTED)


def _decorate_activity(activity: Activity, *, shown: set[int], today: date) -> None:
    activity.lead_shown = activity.lead_id in shown
    activity.partners_shown = [p for p in activity.partners.all() if p.pk in shown]
    activity.partners_hidden = sum(1 for p in activity.partners.all() if p.pk not in shown)
    activity.schedule = schedule_state(
        status=activity.status,
        planned_start=activity.planned_start,
        planned_end=activity.planned_end,
        today=today,
    )


def plan_list_networks(*, viewer) -> QuerySet:
    """The networks the plan list may be filtered by: those the viewer may see, by name."""
    return networks_visible_to(viewer).order_by("name")


def network_for_plan_list(*, viewer, slug: str):
    """The network the plan list is filtered by, if the viewer may see it; else None."""
    return networks_visible_to(viewer).filter(slug=slug).first()


def plan_versions(plan: ActionPlan) -> QuerySet:
    """The plan's versions, the first first."""
    return plan.versions.order_by("number")


def plan_versions_with_author(plan: ActionPlan) -> QuerySet:
    """The plan's versions with who decided each, for a version's page."""
    return plan.versions.select_related("decided_by")


def plan_activities_with_lead(plan: ActionPlan) -> QuerySet[Activity]:
    """The plan's activities with their lead, for an activity's form."""
    return plan.activities.select_related("lead")


def progress_updates_with_indicator() -> QuerySet[ProgressUpdate]:
    """Progress updates with their indicator (the caller checks the plan)."""
    return ProgressUpdate.objects.select_related("indicator")


def timeline_activities(plan: ActionPlan, *, viewer) -> list[Activity]:
    """The plan's activities (plan_activities), each with `lead_shown`: whether the viewer may
    see its lead."""
    activities = list(plan_activities(plan))
    shown = visible_organisation_ids(viewer, {a.lead_id for a in activities})
    for activity in activities:
        activity.lead_shown = activity.lead_id in shown
    return activities


def plan_activities(plan: ActionPlan) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(plan=plan)
        .select_related("lead", "project")
        .prefetch_related("partners", "places", "indicators")
        .order_by("objective__order", "objective_id", "order", "id")
    )


def plan_document(*, plan: ActionPlan, viewer, today: date | None = None) -> dict:
    """Everything the plan page, its exports and its timeline show, in a fixed number of
    queries whatever the number of objectives, activities and indicators."""
    today = today or timezone.localdate()
    objectives = list(
        Objective.objects.filter(plan=plan).prefetch_related("indicators").order_by("order", "id")
    )
    activities = list(plan_activities(plan))
    org_ids = {a.lead_id for a in activities}
    for activity in activities:
        org_ids |= {p.pk for p in activity.partners.all()}
    shown = visible_organisation_ids(viewer, org_ids)
    indicators = []
    by_objective: dict[int, list] = {}
    for activity in activities:
        activity.plan = plan  # the same object: rules asked per activity cost no query
        _decorate_activity(activity, shown=shown, today=today)
        activity.indicators_list = list(activity.indicators.all())
        indicators += activity.indicators_list
        by_objective.setdefault(activity.objective_id, []).append(activity)
    for objective in objectives:
        objective.plan = plan
        objective.indicators_list = list(objective.indicators.all())
        indicators += objective.indicators_list
        objective.activities_list = by_objective.get(objective.pk, [])
    _attach_progress(indicators, viewer=viewer)
    adaptations = list(
        Adaptation.objects.filter(plan=plan)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("activities", queryset=Activity.objects.only("id", "code", "title", "plan_id"))
        )
    )
    versions = list(plan.versions.select_related("decided_by").order_by("number"))
    counts = Counter(a.schedule for a in activities)
    return {
        "plan": plan,
        "objectives": objectives,
        "activities": activities,
        "indicators": indicators,
        "adaptations": adaptations,
        "versions": versions,
        "counts": _counts(counts),
        "today": today,
        "visible_org_ids": shown,
    }


def _counts(counter: Counter) -> dict:
    return {
        "on_track": counter.get(ScheduleState.ON_TRACK, 0),
        "late": counter.get(ScheduleState.LATE, 0),
        "done": counter.get(ScheduleState.DONE, 0),
        "cancelled": counter.get(ScheduleState.CANCELLED, 0),
        "total": sum(counter.values()),
    }


def _joint_activity_ids(network) -> Q:
    """Activities that an active member organisation of `network` leads or partners in, as
    lists of ids read first from the membership and partner indexes. With subqueries joined
    by OR, PostgreSQL scanned every activity (and a join through every membership made
    SQLite do so: ~110 ms at 100,000 activities); with lists both read the lead index."""
    from shabaka.networks.models import Membership

    members = list(
        Membership.objects.filter(
            network=network, status=MembershipStatus.ACTIVE, organisation__isnull=False
        )
        .order_by()  # not the memberships' default order, which joins the network to sort
        .values_list("organisation_id", flat=True)
    )
    partnered = list(
        Activity.partners.through.objects.filter(organisation_id__in=members).values_list(
            "activity_id", flat=True
        )
    )
    return Q(lead_id__in=members) | Q(pk__in=partnered)


def late_q(*, today: date, path: str = "") -> Q:
    """Activities (reached through `path`) late on `today`, by the rules of
    `computations.schedule_state`."""
    done, cancelled, ongoing = ActivityStatus.DONE, ActivityStatus.CANCELLED, ActivityStatus.ONGOING
    return Q(**{f"{path}status": ongoing, f"{path}planned_end__lt": today}) | (
        ~Q(**{f"{path}status__in": [done, cancelled, ongoing]})
        & Q(**{f"{path}planned_start__lt": today})
    )


def _schedule_aggregates(*, today: date, path: str = "") -> dict:
    """Counts by schedule state of activities reached through `path`, as aggregates: the same
    rules as `computations.schedule_state`."""
    from django.db.models import Count

    done, cancelled = ActivityStatus.DONE, ActivityStatus.CANCELLED
    late = late_q(today=today, path=path)
    pk = f"{path}pk"
    return {
        "total": Count(pk),
        "done": Count(pk, filter=Q(**{f"{path}status": done})),
        "cancelled": Count(pk, filter=Q(**{f"{path}status": cancelled})),
        "late": Count(pk, filter=late),
    }


def _schedule_counts_of(row) -> dict:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    total, done, cancelled, late = get("total"), get("done"), get("cancelled"), get("late")
    return {
        "on_track": total - done - cancelled - late,
        "late": late,
        "done": done,
        "cancelled": cancelled,
        "total": total,
    }


def schedule_counts(activities: QuerySet[Activity], *, today: date) -> dict:
    """`_counts` of the activities by schedule state, counted in the database (one row back,
    whatever the number of activities): the same rules as `computations.schedule_state`."""
    return _schedule_counts_of(activities.order_by().aggregate(**_schedule_aggregates(today=today)))


def activities_involving_network(network, viewer) -> QuerySet[Activity]:
    """Activities of the network's own plans, and joint activities of other networks' plans
    that one of its active members leads or partners in; only in plans the viewer may see."""
    return _activities_shown(
        Activity.objects.filter(Q(plan__network=network) | _joint_activity_ids(network)), viewer
    )


def joint_activities_of_network(network, viewer) -> QuerySet[Activity]:
    """Activities of other networks' plans that an active member of `network` leads or
    partners in, in plans the viewer may see."""
    return _activities_shown(
        Activity.objects.filter(_joint_activity_ids(network)).exclude(plan__network=network),
        viewer,
    )


_NAMES = ("name", "name_en", "name_ar", "name_fr")


def _activities_shown(activities, viewer) -> QuerySet[Activity]:
    """In plans the viewer may see (their rule joined by the plan's primary key), with what
    the network page and dashboard show of each."""
    return _narrow(activities.filter(visible_plan_q(viewer, "plan__")))


def _narrow(activities) -> QuerySet[Activity]:
    """With what the network page and dashboard show of each (its title, status, plan's
    network and lead), not the wide rows of activities, plans and organisations."""
    return (
        activities.select_related("plan__network", "lead")
        .only(
            "title",
            "status",
            "planned_start",
            "plan__network__slug",
            *(f"plan__network__{f}" for f in _NAMES),
            "lead__acronym",
            *(f"lead__{f}" for f in _NAMES),
        )
        .order_by("planned_start", "id")
    )


@dataclass(frozen=True, slots=True)
class ActivityLine:
    """An activity as a line of a network's or project's page shows it."""

    url: str
    title: str
    network: str  # its plan's network
    lead: str  # "" when the viewer may not see the lead
    lead_shown: bool
    status: str = ""  # an ActivityStatus value

    def get_status_display(self) -> str:
        """The status's label in the active language, as a model's get_FOO_display."""
        return str(dict(ActivityStatus.choices).get(self.status, self.status))


_LANGUAGES = ("en", "ar", "fr")


def localised_name(names) -> str:
    """TranslatedNameMixin.localised_name on a (name, name_en, name_ar, name_fr) tuple."""
    from django.utils.translation import get_language

    language = (get_language() or "en")[:2]
    if language in _LANGUAGES:
        return names[1 + _LANGUAGES.index(language)] or names[0]
    return names[0]


def display_name(names, acronym: str) -> str:
    """Organisation.display_name on its names' tuple and acronym."""
    name = localised_name(names)
    if not acronym or f"({acronym})" in name:
        return name
    return f"{name} ({acronym})"


def lead_shown_expression(viewer):
    """Whether the viewer may see an activity's lead, as an expression on the joined lead."""
    from shabaka.directory.selectors import organisation_shown_expression

    return organisation_shown_expression(viewer, "lead__")


def _plan_in_force_first(viewer, network_id):
    """The network's plans the viewer may see, the plan in force (adopted or revised) first,
    then the latest."""
    from django.db.models import Case, IntegerField, Value, When

    in_force = Case(
        When(status__in=[PlanStatus.ADOPTED, PlanStatus.REVISED], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return ActionPlan.objects.filter(visible_plan_q(viewer), network_id=network_id).order_by(
        in_force, "-period_start", "-id"
    )


def _plans_counted(*, viewer, network_id: int, today: date) -> QuerySet:
    # Read with first(), one query: the plan with its activities counted by schedule state,
    # grouped by plan over the network's few plans, read from the covering index on plan,
    # status and dates.
    return _plan_in_force_first(viewer, network_id).annotate(
        **_schedule_aggregates(today=today, path="activities__")
    )


def _first_joint_activities(*, viewer, network_id: int) -> QuerySet:
    # The first five chosen on the activities alone, read in planned start order (the index on
    # planned_start, id) until five led by a member or with a member as partner are found, in
    # plans the viewer may see; then read with their plan's network and lead, and whether the
    # viewer may see the lead (asked on the joined lead), as tuples. One query (joining
    # organisations before the LIMIT made PostgreSQL read all of them).
    from shabaka.networks.models import Membership

    members = (
        Membership.objects.filter(
            network_id=network_id, status=MembershipStatus.ACTIVE, organisation__isnull=False
        )
        .order_by()
        .values("organisation_id")
    )
    partnered = Activity.partners.through.objects.filter(organisation_id__in=members).values(
        "activity_id"
    )
    first = (
        Activity.objects.filter(
            Q(lead_id__in=members) | Q(pk__in=partnered), visible_plan_q(viewer, "plan__")
        )
        .exclude(plan__network_id=network_id)
        .order_by("planned_start", "id")
        .values("pk")[:5]
    )
    return (
        Activity.objects.filter(pk__in=first)
        .annotate(lead_is_shown=lead_shown_expression(viewer))
        .order_by("planned_start", "id")
        .values_list(
            "plan_id",
            "title",
            *(f"plan__network__{f}" for f in _NAMES),
            "lead__acronym",
            *(f"lead__{f}" for f in _NAMES),
            "lead_is_shown",
        )
    )


def network_plan_summary(*, network, viewer, today: date | None = None) -> dict:
    """For the network's page (`plans/partials/network_plan.html`): the plan in force, how many
    of its activities are on track, late or done, and joint activities led from other
    networks' plans in which this network's members take part."""
    today = today or timezone.localdate()
    plan = _plans_counted(viewer=viewer, network_id=network.pk, today=today).first()
    counts = _counts(Counter())
    if plan is not None:
        plan.network = network  # no join, no query to reach it
        counts = _schedule_counts_of(plan)
    joint = []
    rows = list(_first_joint_activities(viewer=viewer, network_id=network.pk))
    if rows:
        from shabaka.core.links import link_maker

        plan_link = link_maker("plans:plan_detail")
        for plan_id, title, *rest in rows:
            joint.append(
                ActivityLine(
                    url=plan_link(plan_id),
                    title=title,
                    network=localised_name(rest[0:4]),
                    lead=display_name(rest[5:9], rest[4]) if rest[9] else "",
                    lead_shown=rest[9],
                )
            )
    return {"network": network, "plan": plan, "counts": counts, "joint_activities": joint}


def network_dashboard(*, network, viewer, today: date | None = None) -> dict:
    """The network's plans with their activities on track, late and done, and the late
    activities by name: for the coordinator's dashboard."""
    today = today or timezone.localdate()
    plans = list(plans_visible_to(viewer).filter(network=network).order_by("-period_start"))
    activities = list(
        Activity.objects.filter(plan__in=[p.pk for p in plans])
        .select_related("lead", "objective")
        .order_by("planned_start", "id")
    )
    shown = visible_organisation_ids(viewer, {a.lead_id for a in activities})
    by_plan: dict[int, list] = {}
    for activity in activities:
        activity.lead_shown = activity.lead_id in shown
        activity.schedule = schedule_state(
            status=activity.status,
            planned_start=activity.planned_start,
            planned_end=activity.planned_end,
            today=today,
        )
        by_plan.setdefault(activity.plan_id, []).append(activity)
    for plan in plans:
        plan.activities_list = by_plan.get(plan.pk, [])
        plan.counts = _counts(Counter(a.schedule for a in plan.activities_list))
        plan.late_list = [a for a in plan.activities_list if a.schedule == ScheduleState.LATE]
    joint = list(joint_activities_of_network(network, viewer))
    shown = visible_organisation_ids(viewer, {a.lead_id for a in joint})
    for activity in joint:
        activity.lead_shown = activity.lead_id in shown
    return {"network": network, "plans": plans, "joint_activities": joint, "today": today}


def indicator_in_plan(*, plan: ActionPlan, pk: int) -> Indicator:
    """An indicator of this plan (on one of its objectives or activities), or DoesNotExist."""
    from django.contrib.contenttypes.models import ContentType

    objective_type = ContentType.objects.get_for_model(Objective)
    activity_type = ContentType.objects.get_for_model(Activity)
    return Indicator.objects.get(
        Q(owner_type=objective_type, owner_id__in=plan.objectives.values("pk"))
        | Q(owner_type=activity_type, owner_id__in=plan.activities.values("pk")),
        pk=pk,
    )


def indicator_page(*, indicator: Indicator, viewer) -> dict:
    from shabaka.content.models import Document
    from shabaka.content.selectors import documents_visible_to

    _attach_progress([indicator], viewer=viewer)
    update_ids = [u.pk for u in indicator.updates_list]
    if update_ids:
        from django.contrib.contenttypes.models import ContentType

        evidence = documents_visible_to(viewer).filter(
            owner_type=ContentType.objects.get_for_model(ProgressUpdate),
            owner_id__in=update_ids,
            is_current=True,
        )
    else:
        evidence = Document.objects.none()
    by_update: dict[int, list] = {}
    for document in evidence:
        by_update.setdefault(document.owner_id, []).append(document)
    for update in indicator.updates_list:
        update.documents = by_update.get(update.pk, [])
    return {"indicator": indicator, "updates": indicator.updates_list}
