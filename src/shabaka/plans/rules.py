"""Who may do what with action plans, indicators and progress.

The coordinator of the plan's network (and project staff) shape the plan; the lead
organisation's editor moves its activity along and reports progress on its indicators; the
coordinator validates progress. Indicators owned by a project are the project staff's."""

import rules

from shabaka.accounts.rules import is_coordinator_of, is_editor_of, is_project_staff
from shabaka.core.visibility import Visibility


def _plan_of(record):
    from shabaka.plans.models import ActionPlan, Activity, Indicator, Objective, ProgressUpdate

    if record is None:
        return None
    if isinstance(record, ActionPlan):
        return record
    if isinstance(record, Objective | Activity):
        return record.plan
    if isinstance(record, ProgressUpdate):
        record = record.indicator
    if isinstance(record, Indicator):
        return _plan_of(record.owner) if isinstance(record.owner, Objective | Activity) else None
    return getattr(record, "plan", None)


def _lead_of(record):
    from shabaka.plans.models import Activity, Indicator, ProgressUpdate

    if isinstance(record, ProgressUpdate):
        record = record.indicator
    if isinstance(record, Indicator):
        record = record.owner
    return record.lead if isinstance(record, Activity) else None


@rules.predicate
def coordinates_the_plan(user, record) -> bool:
    plan = _plan_of(record)
    return plan is not None and is_coordinator_of(user, plan.network)


@rules.predicate
def edits_the_lead(user, record) -> bool:
    lead = _lead_of(record)
    return lead is not None and is_editor_of(user, lead)


@rules.predicate
def can_see_the_plan(user, record) -> bool:
    """plans.selectors.PLANS decides, the same condition its queryset filters on."""
    from shabaka.plans.selectors import PLANS

    return PLANS.can_see(user, _plan_of(record))


@rules.predicate
def is_staff_only_plan(user, record) -> bool:
    plan = _plan_of(record)
    return plan is not None and plan.visibility == Visibility.STAFF


@rules.predicate
def belongs_to_a_plan(user, record) -> bool:
    return _plan_of(record) is not None


can_shape_plan = is_project_staff | coordinates_the_plan

rules.add_perm("plans.add_actionplan", is_project_staff | is_coordinator_of)
rules.add_perm("plans.view_actionplan", can_see_the_plan)
rules.add_perm("plans.change_actionplan", can_shape_plan)
rules.add_perm("plans.decide_actionplan", can_shape_plan)
rules.add_perm("plans.record_adaptation", can_shape_plan)
rules.add_perm("plans.change_activity", can_shape_plan)
rules.add_perm("plans.move_activity", can_shape_plan | edits_the_lead)
# On an indicator (or its owner): plan indicators follow the plan, others are project staff's.
rules.add_perm("plans.change_indicator", is_project_staff | (belongs_to_a_plan & can_shape_plan))
rules.add_perm(
    "plans.submit_progress",
    is_project_staff | (belongs_to_a_plan & (coordinates_the_plan | edits_the_lead)),
)
rules.add_perm(
    "plans.validate_progress", is_project_staff | (belongs_to_a_plan & coordinates_the_plan)
)
