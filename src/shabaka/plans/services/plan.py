"""Writes on action plans, their objectives, activities and adaptations.

Permission-free: callers ask plans.rules first. Every write is validated, atomic and audited."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_snapshot, audit_updated
from shabaka.accounts.models import AuditAction
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.core.visibility import Visibility
from shabaka.networks.models import MembershipStatus
from shabaka.networks.selectors import is_active_member
from shabaka.plans.models import (
    ActionPlan,
    Activity,
    ActivityStatus,
    Adaptation,
    Objective,
    PlanStatus,
    PlanVersion,
)
from shabaka.plans.snapshot import build_snapshot

P = PlanStatus
A = ActivityStatus
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _require(value: str, message: str, field: str) -> str:
    if not (value or "").strip():
        raise Refused(message, field=field)
    return value.strip()


def _check_dates(start, end, *, field: str = "planned_end", what: str | None = None) -> None:
    if start is not None and end is not None and end < start:
        raise Refused(
            _("%(what)s ends (%(end)s) before it starts (%(start)s).")
            % {"what": what or _("The activity"), "end": end, "start": start},
            field=field,
        )


def _check_open(plan: ActionPlan) -> None:
    if plan.status == P.CLOSED:
        raise InvalidTransition(_("This plan is closed: it can no longer be changed."))


def _ids(objects) -> list[int]:
    return sorted(o.pk for o in objects)


# --- Plans -------------------------------------------------------------------------------------


def _check_plan_fields(title, period_start, period_end, visibility) -> None:
    _require(title, _("Give the plan a title."), "title")
    if period_start is None or period_end is None:
        raise Refused(_("Give the plan's period: a start and an end date."), field="period_start")
    _check_dates(period_start, period_end, field="period_end", what=_("The plan's period"))
    if visibility not in Visibility.values:
        raise Refused(_("Unknown visibility."), field="visibility")


@transaction.atomic
def plan_create(
    *,
    network,
    title: str,
    period_start: date,
    period_end: date,
    created_by,
    summary: str = "",
    visibility: str = Visibility.MEMBERS,
) -> ActionPlan:
    _check_plan_fields(title, period_start, period_end, visibility)
    plan = ActionPlan.objects.create(
        network=network,
        title=title.strip(),
        summary=summary,
        period_start=period_start,
        period_end=period_end,
        visibility=visibility,
        created_by=created_by,
    )
    audit_created(actor=created_by, obj=plan)
    return plan


PLAN_EDITABLE = ("title", "summary", "period_start", "period_end", "visibility")


@transaction.atomic
def plan_update(*, plan: ActionPlan, updated_by, **fields) -> ActionPlan:
    unknown = set(fields) - set(PLAN_EDITABLE)
    if unknown:
        raise Refused(_("These fields cannot be changed here: %s.") % ", ".join(sorted(unknown)))
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _check_open(locked)
    values = {name: fields.get(name, getattr(locked, name)) for name in PLAN_EDITABLE}
    _check_plan_fields(
        values["title"], values["period_start"], values["period_end"], values["visibility"]
    )
    before = audit_snapshot(locked, PLAN_EDITABLE)
    for name, value in values.items():
        setattr(locked, name, value.strip() if name == "title" else value)
    locked.save()
    audit_updated(actor=updated_by, obj=locked, before=before)
    plan.refresh_from_db()
    return plan


def _freeze(plan: ActionPlan, *, decided_by, decided_on: date, reason: str) -> PlanVersion:
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        reason=reason,
        decided_on=decided_on,
        decided_by=decided_by,
        snapshot=build_snapshot(plan),
    )
    audit_created(actor=decided_by, obj=version, reason=reason)
    return version


def _move(plan, *, allowed_from, to, by, reason, message, **dates) -> ActionPlan:
    # Locked: two coordinators adopting at once would otherwise freeze two "version 1".
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status not in allowed_from:
        raise InvalidTransition(message % {"status": locked.get_status_display()})
    before = audit_snapshot(locked, ["status", *dates])
    locked.status = to
    for name, value in dates.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *dates, "updated_at"])
    audit_updated(actor=by, obj=locked, before=before, reason=reason, action=AuditAction.TRANSITION)
    return locked


def _check_decision_date(on: date, plan: ActionPlan) -> None:
    if on > timezone.localdate():
        raise Refused(_("The decision date cannot be in the future."), field="decided_on")


@transaction.atomic
def plan_adopt(
    *, plan: ActionPlan, adopted_by, adopted_on: date | None = None, reason: str = ""
) -> PlanVersion:
    """draft → adopted; freezes version 1 of the plan."""
    adopted_on = adopted_on or timezone.localdate()
    _check_decision_date(adopted_on, plan)
    if not plan.objectives.exists():
        raise Refused(_("Add at least one objective before adopting the plan."))
    locked = _move(
        plan,
        allowed_from={P.DRAFT},
        to=P.ADOPTED,
        by=adopted_by,
        reason=reason,
        message=_("Only a draft plan can be adopted; this plan is %(status)s."),
        adopted_on=adopted_on,
    )
    version = _freeze(
        locked, decided_by=adopted_by, decided_on=adopted_on, reason=reason or _("Adopted")
    )
    plan.refresh_from_db()
    return version


@transaction.atomic
def plan_revise(
    *, plan: ActionPlan, revised_by, reason: str, revised_on: date | None = None
) -> PlanVersion:
    """adopted or revised → revised; freezes the next version with its reason. The changes made
    to the plan since the last version are what this revision adopts."""
    reason = _require(reason, _("Say why the plan is revised."), "reason")
    revised_on = revised_on or timezone.localdate()
    _check_decision_date(revised_on, plan)
    locked = _move(
        plan,
        allowed_from={P.ADOPTED, P.REVISED},
        to=P.REVISED,
        by=revised_by,
        reason=reason,
        message=_("Only an adopted plan can be revised; this plan is %(status)s."),
    )
    version = _freeze(locked, decided_by=revised_by, decided_on=revised_on, reason=reason)
    plan.refresh_from_db()
    return version


@transaction.atomic
def plan_close(
    *, plan: ActionPlan, closed_by, reason: str = "", closed_on: date | None = None
) -> ActionPlan:
    closed_on = closed_on or timezone.localdate()
    _move(
        plan,
        allowed_from={P.ADOPTED, P.REVISED},
        to=P.CLOSED,
        by=closed_by,
        reason=reason,
        message=_("Only an adopted plan can be closed; this plan is %(status)s."),
        closed_on=closed_on,
    )
    plan.refresh_from_db()
    return plan


# --- Objectives --------------------------------------------------------------------------------


@transaction.atomic
def objective_create(
    *,
    plan: ActionPlan,
    title: str,
    created_by,
    code: str = "",
    description: str = "",
    order: int | None = None,
) -> Objective:
    _check_open(plan)
    title = _require(title, _("Give the objective a title."), "title")
    if order is None:
        order = (plan.objectives.aggregate(n=Max("order"))["n"] or 0) + 1
    objective = Objective.objects.create(
        plan=plan, title=title, code=code.strip(), description=description, order=order
    )
    audit_created(actor=created_by, obj=objective)
    return objective


@transaction.atomic
def objective_update(*, objective: Objective, updated_by, **fields) -> Objective:
    allowed = {"title", "code", "description", "order"}
    if set(fields) - allowed:
        raise Refused(
            _("These fields cannot be changed here: %s.") % ", ".join(set(fields) - allowed)
        )
    _check_open(objective.plan)
    if "title" in fields:
        fields["title"] = _require(fields["title"], _("Give the objective a title."), "title")
    before = audit_snapshot(objective, fields.keys())
    for name, value in fields.items():
        setattr(objective, name, value)
    objective.save()
    audit_updated(actor=updated_by, obj=objective, before=before)
    return objective


# --- Activities --------------------------------------------------------------------------------


def _check_budget(budget, currency: str) -> tuple[Decimal | None, str]:
    currency = (currency or "").strip().upper()
    if budget in (None, ""):
        return None, currency
    try:
        budget = Decimal(budget)
    except (InvalidOperation, TypeError, ValueError):
        raise Refused(_("The budget must be an amount."), field="budget") from None
    if budget < 0:
        raise Refused(_("The budget cannot be negative."), field="budget")
    if not _CURRENCY.match(currency):
        raise Refused(
            _("Give the budget's currency as a three-letter ISO 4217 code, e.g. LYD or EUR."),
            field="currency",
        )
    return budget, currency


def _check_people(plan: ActionPlan, lead, partners) -> None:
    if lead is None:
        raise Refused(_("Name the organisation that leads the activity."), field="lead")
    if not is_active_member(plan.network, lead):
        raise Refused(
            _(
                "%(organisation)s is not an active member of %(network)s: only a member of the "
                "network can lead one of its activities."
            )
            % {"organisation": lead.display_name, "network": plan.network},
            field="lead",
        )
    from shabaka.networks.models import Membership

    partner_ids = {p.pk for p in partners}
    if lead.pk in partner_ids:
        raise Refused(_("The lead organisation is not also a partner."), field="partners")
    in_a_network = set(
        Membership.objects.filter(
            organisation_id__in=partner_ids, status=MembershipStatus.ACTIVE
        ).values_list("organisation_id", flat=True)
    )
    strangers = [p for p in partners if p.pk not in in_a_network]
    if strangers:
        raise Refused(
            _("Partners must be active members of a network: %(names)s is not.")
            % {"names": ", ".join(p.display_name for p in strangers)},
            field="partners",
        )


ACTIVITY_EDITABLE = (
    "objective",
    "code",
    "title",
    "description",
    "lead",
    "planned_start",
    "planned_end",
    "budget",
    "currency",
    "project",
    "order",
)


@transaction.atomic
def activity_create(
    *,
    objective: Objective,
    title: str,
    lead,
    planned_start: date,
    planned_end: date,
    created_by,
    partners=(),
    places=(),
    description: str = "",
    code: str = "",
    budget=None,
    currency: str = "",
    project=None,
    order: int | None = None,
) -> Activity:
    plan = objective.plan
    _check_open(plan)
    title = _require(title, _("Give the activity a title."), "title")
    if planned_start is None or planned_end is None:
        raise Refused(_("Give the planned start and end dates."), field="planned_start")
    _check_dates(planned_start, planned_end)
    budget, currency = _check_budget(budget, currency)
    partners, places = list(partners), list(places)
    _check_people(plan, lead, partners)
    if order is None:
        order = (objective.activities.aggregate(n=Max("order"))["n"] or 0) + 1
    activity = Activity.objects.create(
        plan=plan,
        objective=objective,
        code=code.strip(),
        title=title,
        description=description,
        lead=lead,
        planned_start=planned_start,
        planned_end=planned_end,
        budget=budget,
        currency=currency,
        project=project,
        order=order,
    )
    activity.partners.set(partners)
    activity.places.set(places)
    audit_created(
        actor=created_by,
        obj=activity,
        extra={"partners": [None, _ids(partners)], "places": [None, _ids(places)]},
    )
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, updated_by, partners=None, places=None, **fields):
    unknown = set(fields) - set(ACTIVITY_EDITABLE)
    if unknown:
        raise Refused(_("These fields cannot be changed here: %s.") % ", ".join(sorted(unknown)))
    locked = Activity.objects.select_for_update().select_related("plan").get(pk=activity.pk)
    plan = locked.plan
    _check_open(plan)
    values = {name: fields.get(name, getattr(locked, name)) for name in ACTIVITY_EDITABLE}
    if values["objective"].plan_id != plan.pk:
        raise Refused(_("Choose an objective of the same plan."), field="objective")
    values["title"] = _require(values["title"], _("Give the activity a title."), "title")
    _check_dates(values["planned_start"], values["planned_end"])
    values["budget"], values["currency"] = _check_budget(values["budget"], values["currency"])
    old_partners = list(locked.partners.all())
    old_places = list(locked.places.all())
    new_partners = old_partners if partners is None else list(partners)
    new_places = old_places if places is None else list(places)
    _check_people(plan, values["lead"], new_partners)
    before = audit_snapshot(locked, ACTIVITY_EDITABLE)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    extra = {}
    if _ids(new_partners) != _ids(old_partners):
        locked.partners.set(new_partners)
        extra["partners"] = [_ids(old_partners), _ids(new_partners)]
    if _ids(new_places) != _ids(old_places):
        locked.places.set(new_places)
        extra["places"] = [_ids(old_places), _ids(new_places)]
    audit_updated(actor=updated_by, obj=locked, before=before, extra=extra)
    activity.refresh_from_db()
    return activity


def _activity_move(activity, *, allowed_from, to, by, reason="", message, **fields) -> Activity:
    locked = Activity.objects.select_for_update().select_related("plan").get(pk=activity.pk)
    _check_open(locked.plan)
    if locked.status not in allowed_from:
        raise InvalidTransition(message % {"status": locked.get_status_display()})
    before = audit_snapshot(locked, ["status", *fields])
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    _check_dates(locked.actual_start, locked.actual_end, field="actual_end")
    _check_dates(locked.planned_start, locked.planned_end)
    locked.save(update_fields=["status", *fields, "updated_at"])
    audit_updated(actor=by, obj=locked, before=before, reason=reason, action=AuditAction.TRANSITION)
    activity.refresh_from_db()
    return activity


@transaction.atomic
def activity_start(*, activity: Activity, started_by, actual_start: date | None = None):
    """planned or postponed → ongoing, with the date it actually started."""
    return _activity_move(
        activity,
        allowed_from={A.PLANNED, A.POSTPONED},
        to=A.ONGOING,
        by=started_by,
        message=_("Only a planned or postponed activity can start; this one is %(status)s."),
        actual_start=actual_start or timezone.localdate(),
    )


@transaction.atomic
def activity_finish(*, activity: Activity, finished_by, actual_end: date | None = None):
    """ongoing → done, with the date it actually ended."""
    return _activity_move(
        activity,
        allowed_from={A.ONGOING},
        to=A.DONE,
        by=finished_by,
        message=_("Only an ongoing activity can be marked done; this one is %(status)s."),
        actual_end=actual_end or timezone.localdate(),
    )


@transaction.atomic
def activity_postpone(
    *,
    activity: Activity,
    postponed_by,
    reason: str,
    planned_start: date | None = None,
    planned_end: date | None = None,
):
    """planned or ongoing → postponed, optionally with new planned dates."""
    reason = _require(reason, _("Say why the activity is postponed."), "reason")
    dates = {}
    if planned_start is not None:
        dates["planned_start"] = planned_start
    if planned_end is not None:
        dates["planned_end"] = planned_end
    return _activity_move(
        activity,
        allowed_from={A.PLANNED, A.ONGOING},
        to=A.POSTPONED,
        by=postponed_by,
        reason=reason,
        message=_("Only a planned or ongoing activity can be postponed; this one is %(status)s."),
        **dates,
    )


@transaction.atomic
def activity_reschedule(
    *, activity: Activity, rescheduled_by, planned_start: date, planned_end: date, reason: str = ""
):
    """postponed → planned, with its new dates."""
    return _activity_move(
        activity,
        allowed_from={A.POSTPONED},
        to=A.PLANNED,
        by=rescheduled_by,
        reason=reason,
        message=_("Only a postponed activity can be rescheduled; this one is %(status)s."),
        planned_start=planned_start,
        planned_end=planned_end,
    )


@transaction.atomic
def activity_cancel(*, activity: Activity, cancelled_by, reason: str):
    reason = _require(reason, _("Say why the activity is cancelled."), "reason")
    return _activity_move(
        activity,
        allowed_from={A.PLANNED, A.ONGOING, A.POSTPONED},
        to=A.CANCELLED,
        by=cancelled_by,
        reason=reason,
        message=_("This activity cannot be cancelled: it is %(status)s."),
    )


# --- Adaptations -------------------------------------------------------------------------------


def _check_adaptation(plan, title, what_changed, why, decided_on, decided_by, activities):
    title = _require(title, _("Give the adaptation a short title."), "title")
    what_changed = _require(what_changed, _("Say what changed."), "what_changed")
    why = _require(why, _("Say why it changed."), "why")
    decided_by = _require(decided_by, _("Say who decided the change."), "decided_by")
    if decided_on is None:
        raise Refused(_("Give the date of the decision."), field="decided_on")
    _check_decision_date(decided_on, plan)
    foreign = [a for a in activities if a.plan_id != plan.pk]
    if foreign:
        raise Refused(_("Only activities of this plan can be affected."), field="activities")
    return title, what_changed, why, decided_by


@transaction.atomic
def adaptation_create(
    *,
    plan: ActionPlan,
    title: str,
    what_changed: str,
    why: str,
    decided_on: date,
    decided_by: str,
    recorded_by,
    occasion: str = "",
    activities=(),
) -> Adaptation:
    _check_open(plan)
    activities = list(activities)
    title, what_changed, why, decided_by = _check_adaptation(
        plan, title, what_changed, why, decided_on, decided_by, activities
    )
    adaptation = Adaptation.objects.create(
        plan=plan,
        title=title,
        what_changed=what_changed,
        why=why,
        decided_on=decided_on,
        decided_by=decided_by,
        occasion=occasion.strip(),
        recorded_by=recorded_by,
    )
    adaptation.activities.set(activities)
    audit_created(actor=recorded_by, obj=adaptation, extra={"activities": [None, _ids(activities)]})
    return adaptation


ADAPTATION_EDITABLE = ("title", "what_changed", "why", "decided_on", "decided_by", "occasion")


@transaction.atomic
def adaptation_update(*, adaptation: Adaptation, updated_by, activities=None, **fields):
    unknown = set(fields) - set(ADAPTATION_EDITABLE)
    if unknown:
        raise Refused(_("These fields cannot be changed here: %s.") % ", ".join(sorted(unknown)))
    plan = adaptation.plan
    _check_open(plan)
    values = {name: fields.get(name, getattr(adaptation, name)) for name in ADAPTATION_EDITABLE}
    old_activities = list(adaptation.activities.all())
    new_activities = old_activities if activities is None else list(activities)
    values["title"], values["what_changed"], values["why"], values["decided_by"] = (
        _check_adaptation(
            plan,
            values["title"],
            values["what_changed"],
            values["why"],
            values["decided_on"],
            values["decided_by"],
            new_activities,
        )
    )
    before = audit_snapshot(adaptation, ADAPTATION_EDITABLE)
    for name, value in values.items():
        setattr(adaptation, name, value)
    adaptation.save()
    extra = {}
    if _ids(new_activities) != _ids(old_activities):
        adaptation.activities.set(new_activities)
        extra["activities"] = [_ids(old_activities), _ids(new_activities)]
    audit_updated(actor=updated_by, obj=adaptation, before=before, extra=extra)
    return adaptation
