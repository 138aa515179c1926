"""Dashboards: figures equal counts computed independently here, the charts carry a title, a
description and a data table, mirror in Arabic, and the query count does not grow with rows."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shabaka.core.visibility import Visibility
from shabaka.events.models import Participation
from shabaka.networks.models import Membership, MembershipStatus
from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.plans import make_activity, make_objective, make_plan
from tests.reports.conftest import SECRET_EMAIL, SECRET_NAME, attend, make_event

pytestmark = pytest.mark.django_db


def figure(response, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', response.content.decode())
    assert match, name
    return match.group(1).strip()


def test_platform_dashboard_figures_equal_independent_counts(client, world):
    response = client.get(reverse("reports:platform_dashboard"))
    assert response.status_code == 200
    # Anonymous: the public networks only (net-a), its active members (3; one left).
    assert figure(response, "networks") == "1"
    active = Membership.objects.filter(
        network__visibility=Visibility.PUBLIC, status=MembershipStatus.ACTIVE
    ).count()
    assert figure(response, "active-members") == str(active) == "3"
    # Two of net-a's three active members endorsed the code in force.
    assert figure(response, "endorsement") == f"{round(100 * 2 / 3, 1)}%"
    figures = response.context["figures"]
    # Members at the end of each year, counted by hand: 2019: two joined (one leaves in 2020).
    by_year = dict(figures["members_by_year"])
    assert by_year[2019] == 2 and by_year[2020] == 3 and by_year[2021] == 3
    # Events per quarter, by type: the public ones (the staff-only consultation is not counted).
    events = figures["events"]
    assert "2020 Q3" in events["quarters"]  # the quarters between the first and last event
    types = dict(events["types"])
    q = events["quarters"]
    assert types["Workshop"][q.index("2021 Q1")] == 1
    assert types["Coaching session"][q.index("2020 Q2")] == 1
    assert "Consultation" not in types
    genders = dict(events["genders"])
    # Workshop in 2021 Q1: one man (the secret person), two women; coaching 2020 Q2: one man.
    assert genders["Female"][q.index("2021 Q1")] == 2
    assert genders["Male"][q.index("2021 Q1")] == 1
    assert genders["Male"][q.index("2020 Q2")] == 1
    assert (
        sum(sum(v) for v in genders.values())
        == Participation.objects.filter(
            event__visibility=Visibility.PUBLIC, attendances__isnull=False
        )
        .distinct()
        .count()
    )


def test_staff_figures_count_what_staff_may_see(client, world, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("reports:platform_dashboard"))
    assert figure(response, "networks") == "2"
    assert "Consultation" in dict(response.context["figures"]["events"]["types"])


def test_dashboard_never_names_a_person(client, world, staff_user):
    client.force_login(staff_user)
    for url in [
        reverse("reports:platform_dashboard"),
        reverse("reports:network_dashboard", args=["net-a"]),
        reverse("reports:project_dashboard", args=["proj"]),
    ]:
        body = client.get(url).content.decode()
        assert SECRET_NAME not in body and SECRET_EMAIL not in body


def test_charts_are_accessible_with_a_title_a_description_and_a_data_table(client, world):
    body = client.get(reverse("reports:platform_dashboard")).content.decode()
    svgs = re.findall(r"<svg[^>]*>", body)
    assert svgs
    for svg in svgs:
        assert 'role="img"' in svg and "aria-labelledby" in svg
    assert body.count("<title id=") == len(svgs) and body.count("<desc id=") == len(svgs)
    assert body.count("<table>") >= len(svgs)


def test_charts_mirror_in_arabic(client, world):
    client.cookies["django_language"] = "en"
    ltr = client.get(reverse("reports:platform_dashboard")).content.decode()
    client.cookies["django_language"] = "ar"
    rtl = client.get(reverse("reports:platform_dashboard")).content.decode()
    assert 'direction="ltr"' in ltr and 'direction="rtl"' in rtl
    # The first bar of the first chart starts at the axis in English (x=200) and ends at the
    # mirrored axis in Arabic (x + width = 640 - 200).
    bar = r'<rect class="series-0" fill="[^"]+" x="([\d.]+)" y="8" width="([\d.]+)"'
    x, _w = re.search(bar, ltr).groups()
    assert float(x) == 200
    x, w = re.search(bar, rtl).groups()
    assert float(x) + float(w) == pytest.approx(440)


def _grow(n: int, network, project):
    for i in range(n):
        MembershipFactory(network=network, joined_on=date(2018 + i % 5, 1 + i % 12, 1))
        event = make_event(project=project, start=date(2020 + i % 3, 1 + i % 12, 3))
        event.networks.add(network)
        attend(event, gender="male" if i % 2 else "female", network=network)


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("reports:platform_dashboard"),
        lambda w: reverse("reports:network_dashboard", args=[w.network.slug]),
        lambda w: reverse("reports:project_dashboard", args=[w.project.slug]),
    ],
)
def test_dashboard_query_count_does_not_grow_with_rows(client, world, staff_user, url):
    client.force_login(staff_user)
    make_plan(network=world.network, visibility="public")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(world)).status_code == 200
    _grow(25, world.network, world.project)
    NetworkFactory.create_batch(5)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url(world)).status_code == 200
    assert len(many) == len(few)


def test_network_dashboard_follows_the_network_visibility(client, world, outsider, staff_user):
    url = reverse("reports:network_dashboard", args=["net-hidden"])
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_network_dashboard_counts_activities_by_schedule(client, world, staff_user):
    from shabaka.plans import services
    from shabaka.plans.computations import schedule_state

    plan = make_plan(network=world.network, visibility="public", title="Plan 2020")
    objective = make_objective(plan)
    done = make_activity(objective, code="1.1", planned_start=date(2020, 2, 1))
    make_activity(objective, code="1.2", planned_start=date(2020, 2, 1))  # late: never started
    make_activity(
        objective, code="1.3", planned_start=date(2099, 1, 1), planned_end=date(2099, 6, 1)
    )  # on track
    services.activity_start(activity=done, started_by=None, actual_start=date(2020, 2, 1))
    services.activity_finish(activity=done, finished_by=None, actual_end=date(2020, 3, 1))
    client.force_login(staff_user)
    response = client.get(reverse("reports:network_dashboard", args=["net-a"]))
    expected = {"on_track": 0, "late": 0, "done": 0}
    for a in plan.activities.all():
        state = schedule_state(
            status=a.status,
            planned_start=a.planned_start,
            planned_end=a.planned_end,
            today=date.today(),
        )
        expected[state] = expected.get(state, 0) + 1
    (shown,) = response.context["figures"]["plans"]
    assert (
        {k: shown.counts[k] for k in expected} == expected == {"on_track": 1, "late": 1, "done": 1}
    )
    # Each activity's lead joined the network as a member (tests.factories.plans.member_of).
    active = Membership.objects.filter(network=world.network, status=MembershipStatus.ACTIVE)
    assert figure(response, "active-members") == str(active.count()) == "6"
    # Events attended by the network's people: the workshop and the coaching session.
    assert figure(response, "events-attended") == "2"


def test_members_only_plan_is_not_counted_for_the_public(client, world):
    make_plan(network=world.network, visibility="members", title="Internal plan")
    response = client.get(reverse("reports:network_dashboard", args=["net-a"]))
    assert response.status_code == 200
    assert "Internal plan" not in response.content.decode()
    assert figure(response, "plans") == "0"


def test_project_dashboard_figures(client, world):
    response = client.get(reverse("reports:project_dashboard", args=["proj"]))
    assert response.status_code == 200
    # Public events of the project: the workshop and the coaching session.
    assert figure(response, "events") == "2"
    attended = Participation.objects.filter(
        event__project=world.project,
        event__visibility=Visibility.PUBLIC,
        attendances__isnull=False,
    ).distinct()
    assert figure(response, "participants") == str(attended.count()) == "4"
    counts = response.context["figures"]["participants"]
    assert counts["by_gender"] == {"female": 2, "male": 2}
    assert counts["by_organisation_kind"] == {"cso": 3, "government": 1}
    assert figure(response, "networks") == "1"


def test_project_dashboard_period_filter(client, world):
    url = reverse("reports:project_dashboard", args=["proj"])
    response = client.get(url, {"date_from": "2021-01-01", "date_to": "2021-12-31"})
    assert figure(response, "events") == "1"
    response = client.get(url, {"date_from": "2021-12-31", "date_to": "2021-01-01"})
    assert "The start date is after the end date." in response.content.decode()
    assert figure(response, "events") == "2"  # bad period: nothing filtered, error shown


def test_project_dashboard_follows_the_project_visibility(client, world, outsider):
    world.project.visibility = Visibility.STAFF
    world.project.save()
    url = reverse("reports:project_dashboard", args=["proj"])
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_project_framework_tags_are_counted(client, world, staff_user):
    from django.contrib.contenttypes.models import ContentType

    from shabaka.dialogues.models import Framework, FrameworkItem, FrameworkTag

    framework = Framework.objects.create(code="jvap", name="JVAP")
    item = FrameworkItem.objects.create(framework=framework, code="1", title="Development")
    for record in (world.project, world.workshop):
        FrameworkTag.objects.create(
            item=item,
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
        )
    response = client.get(reverse("reports:project_dashboard", args=["proj"]))
    assert response.context["figures"]["framework_tags"] == [("JVAP 1", "Development", 2)]
