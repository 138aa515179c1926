"""Plans built through the services, so factories give records the services would accept."""

import datetime as dt

from shabaka.plans import services
from shabaka.plans.models import IndicatorDirection, IndicatorUnit
from tests.factories.directory import OrganisationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory


def member_of(network, **org_fields):
    """A new organisation, active member of `network`."""
    return MembershipFactory(
        network=network, organisation=OrganisationFactory(**org_fields)
    ).organisation


def make_plan(*, network=None, by=None, title="Action plan 2020–2022", visibility="members", **kw):
    network = network or NetworkFactory()
    return services.plan_create(
        network=network,
        title=title,
        period_start=kw.pop("period_start", dt.date(2020, 1, 1)),
        period_end=kw.pop("period_end", dt.date(2022, 12, 31)),
        created_by=by,
        visibility=visibility,
        **kw,
    )


def make_objective(plan, *, by=None, title="Protect migrants' rights", code="1"):
    return services.objective_create(plan=plan, title=title, code=code, created_by=by)


def make_activity(objective, *, lead=None, by=None, title="Awareness sessions", **kw):
    lead = lead or member_of(objective.plan.network)
    return services.activity_create(
        objective=objective,
        title=title,
        lead=lead,
        planned_start=kw.pop("planned_start", dt.date(2021, 2, 1)),
        planned_end=kw.pop("planned_end", dt.date(2021, 6, 30)),
        created_by=by,
        **kw,
    )


def make_indicator(owner, *, by=None, title="People reached", **kw):
    kw.setdefault("unit", IndicatorUnit.NUMBER)
    kw.setdefault("direction", IndicatorDirection.INCREASE)
    kw.setdefault("baseline", 0)
    kw.setdefault("target", 100)
    return services.indicator_create(owner=owner, title=title, created_by=by, **kw)


def make_full_plan(*, network=None, by=None, activities=1, visibility="members", adopt=False):
    """A plan with one objective, `activities` activities each with one indicator."""
    plan = make_plan(network=network, by=by, visibility=visibility)
    objective = make_objective(plan, by=by)
    make_indicator(
        objective, by=by, title="Networks with an adopted plan", unit="yes_no", baseline=0, target=1
    )
    for n in range(activities):
        activity = make_activity(objective, by=by, title=f"Activity {n + 1}", code=f"1.{n + 1}")
        make_indicator(activity, by=by, title=f"People trained {n + 1}")
    if adopt:
        services.plan_adopt(plan=plan, adopted_by=by, adopted_on=dt.date(2021, 1, 28))
        plan.refresh_from_db()
    return plan
