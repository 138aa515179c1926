"""The plans blocks of the project and network pages: a fixed number of queries whatever the
number of activities, plans and networks, the plans' visibility asked on the joined plan (the
same rule as plans_visible_to), and the same lines as before (links, names, hidden leads)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shabaka.core.visibility import Visibility
from shabaka.plans import selectors, services
from shabaka.plans.models import Activity
from shabaka.plans.project_sections import project_sections
from tests.factories.events import EventFactory
from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.plans import make_activity, make_objective, make_plan, member_of
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def _public_plan(network, by, **kw):
    plan = make_plan(network=network, by=by, visibility=Visibility.PUBLIC, **kw)
    make_objective(plan, by=by)
    services.plan_adopt(plan=plan, adopted_by=by, adopted_on=dt.date(2021, 1, 28))
    plan.refresh_from_db()
    return plan


def _queries(fn):
    fn()  # warm (content types)
    with CaptureQueriesContext(connection) as queries:
        result = fn()
    return len(queries), queries, result


def test_visible_plan_q_is_the_rule_of_plans_visible_to(
    network, coordinator, staff_user, outsider, member_editor
):
    hidden_net = NetworkFactory(slug="hidden-net", visibility=Visibility.MEMBERS)
    plans = [
        make_plan(network=network, by=coordinator, visibility=Visibility.PUBLIC),  # draft
        _public_plan(network, coordinator),
        make_plan(network=network, by=coordinator, visibility=Visibility.MEMBERS),
        make_plan(network=network, by=coordinator, visibility=Visibility.STAFF),
        _public_plan(hidden_net, coordinator),
    ]
    for plan in plans:
        objective = plan.objectives.first() or make_objective(plan, by=coordinator)
        make_activity(objective, by=coordinator)
    for viewer in (AnonymousUser(), outsider, member_editor, staff_user):
        expected = set(selectors.plans_visible_to(viewer).values_list("pk", flat=True))
        joined = set(
            Activity.objects.filter(selectors.visible_plan_q(viewer, "plan__")).values_list(
                "plan_id", flat=True
            )
        )
        assert joined == expected
    assert len(set(selectors.plans_visible_to(AnonymousUser()))) == 1
    assert len(set(selectors.plans_visible_to(member_editor))) == 3  # not the staff-only one


def _project_with_activities(network, coordinator, project, n, quiet_lead):
    objective = _public_plan(network, coordinator).objectives.get()
    for i in range(n):
        other = NetworkFactory(slug=f"net-{project.slug}-{i}")
        make_activity(
            _public_plan(other, coordinator).objectives.get(),
            by=coordinator,
            title=f"Elsewhere {i}",
            project=project,
        )
        make_activity(
            objective,
            by=coordinator,
            title=f"Here {i}",
            project=project,
            lead=quiet_lead,
            code=f"1.{i}",
        )
        EventFactory(project=project, visibility=Visibility.PUBLIC).networks.add(
            NetworkFactory(slug=f"ev-{project.slug}-{i}")
        )


def test_project_block_queries_do_not_grow(network, coordinator, staff_user, member_editor):
    quiet = member_of(network, name="Quiet Lead", visibility=Visibility.MEMBERS)
    small, big = ProjectFactory(slug="small"), ProjectFactory(slug="big")
    _project_with_activities(network, coordinator, small, 1, quiet)
    _project_with_activities(network, coordinator, big, 6, quiet)
    for viewer in (AnonymousUser(), member_editor, staff_user):
        counts = []
        for project, n in ((small, 1), (big, 6)):
            count, queries, sections = _queries(
                lambda project=project, viewer=viewer: project_sections(
                    project=project, viewer=viewer
                )
            )
            counts.append(count)
            (section,) = sections
            assert len(section["activities"]) == 2 * n
            assert len(section["networks"]) == 2 * n + 1
            # The plans' visibility is joined, not a subquery listing every visible plan.
            activity_sql = next(q["sql"] for q in queries if "plans_activity" in q["sql"])
            assert 'FROM "plans_actionplan" U' not in activity_sql
        assert counts[0] == counts[1] == 3  # indicators, activities, networks


def test_project_block_lines(network, coordinator, member_editor):
    project = ProjectFactory(slug="lines")
    quiet = member_of(network, name="Quiet Lead", visibility=Visibility.MEMBERS)
    plan = _public_plan(network, coordinator)
    activity = make_activity(
        plan.objectives.get(),
        by=coordinator,
        title="Training",
        code="2.1",
        project=project,
        lead=quiet,
    )
    members_plan = make_plan(network=network, by=coordinator, visibility=Visibility.MEMBERS)
    make_activity(
        make_objective(members_plan, by=coordinator),
        by=coordinator,
        title="Members only",
        project=project,
    )
    (public,) = project_sections(project=project, viewer=AnonymousUser())
    (line,) = public["activities"]
    assert line.url == f"/plans/{plan.pk}/#activity-{activity.pk}"
    assert line.title == "2.1 Training"
    assert (
        line.network == str(network) and line.lead == "" and line.get_status_display() == "Planned"
    )
    assert [n.url for n in public["networks"]] == [f"/networks/{network.slug}/"]
    (members,) = project_sections(project=project, viewer=member_editor)
    assert [a.title for a in members["activities"]] == ["2.1 Training", "Members only"]
    assert members["activities"][0].lead == "Quiet Lead"


def test_network_block_queries_do_not_grow(network, coordinator, staff_user):
    other = NetworkFactory(slug="other-net")
    quiet = member_of(other, name="Quiet Lead", visibility=Visibility.MEMBERS)
    MembershipFactory(network=network, organisation=quiet)
    _public_plan(network, coordinator)
    objective = _public_plan(other, coordinator).objectives.get()
    counts = []
    for n in (1, 8):
        while Activity.objects.filter(plan__network=other).count() < n:
            make_activity(objective, by=coordinator, lead=quiet, title="Joint")
        for viewer in (AnonymousUser(), staff_user):
            count, _q, summary = _queries(
                lambda viewer=viewer: selectors.network_plan_summary(network=network, viewer=viewer)
            )
            counts.append(count)
            assert len(summary["joint_activities"]) == min(n, 5)
            assert {a.lead for a in summary["joint_activities"]} == (
                {"Quiet Lead"} if viewer is staff_user else {""}
            )
            assert summary["joint_activities"][0].url.startswith("/plans/")
    # the plan in force with its counts; the joint activities (members and partners read in it)
    assert set(counts) == {2}
