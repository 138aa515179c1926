"""Pages: who sees which plan (404 for a hidden one), query counts, timeline, dashboard."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from shabaka.plans import selectors, services
from shabaka.plans.models import ActionPlan
from tests.factories.directory import OrganisationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.plans import make_activity, make_full_plan


def urls(plan):
    indicator = plan.objectives.get().indicators.get()
    return [
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/timeline/",
        f"/plans/{plan.pk}/export.xlsx",
        f"/plans/{plan.pk}/export.csv",
        f"/plans/{plan.pk}/compare/",
        f"/plans/{plan.pk}/indicators/{indicator.pk}/",
    ]


@pytest.mark.django_db
def test_a_members_plan_is_404_to_the_public_and_to_outsiders(client, plan, outsider):
    for url in urls(plan):
        assert client.get(url).status_code == 404, url
    client.force_login(outsider)
    for url in urls(plan):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/plans/{plan.pk}/edit/").status_code == 404
    assert client.get("/plans/").content.decode().count(plan.title) == 0


@pytest.mark.django_db
def test_a_public_adopted_plan_is_seen_by_anyone_but_not_its_forms(client, network, coordinator):
    plan = make_full_plan(network=network, by=coordinator, visibility="public", adopt=True)
    for url in urls(plan):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/plans/{plan.pk}/versions/1/").status_code == 200
    response = client.get(f"/plans/{plan.pk}/edit/")
    assert response.status_code == 302 and "sign-in" in response["Location"]
    assert plan.title in client.get("/plans/").content.decode()


@pytest.mark.django_db
def test_a_public_plan_stays_hidden_while_draft_or_when_the_network_is_hidden(
    client, network, coordinator
):
    draft = make_full_plan(network=network, by=coordinator, visibility="public")
    assert client.get(f"/plans/{draft.pk}/").status_code == 404
    hidden = NetworkFactory(visibility="members")
    plan = make_full_plan(network=hidden, visibility="public", adopt=True)
    assert client.get(f"/plans/{plan.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_staff_only_plan_is_hidden_from_members(
    client, network, coordinator, member_editor, staff_user
):
    plan = make_full_plan(network=network, by=coordinator, visibility="staff")
    client.force_login(member_editor)
    assert client.get(f"/plans/{plan.pk}/").status_code == 404
    client.force_login(staff_user)
    assert client.get(f"/plans/{plan.pk}/").status_code == 200


@pytest.mark.django_db
def test_an_unlisted_partner_is_not_named_to_the_public(client, network, coordinator, lead):
    other = NetworkFactory()
    secret = OrganisationFactory(name="Quiet Shelter", visibility="members")
    MembershipFactory(network=other, organisation=secret)
    plan = make_full_plan(network=network, by=coordinator, visibility="public")
    make_activity(plan.objectives.get(), lead=lead, by=coordinator, partners=[secret])
    services.plan_adopt(plan=plan, adopted_by=coordinator)
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Quiet Shelter" not in page and "1 unlisted organisation" in page
    assert "Quiet Shelter" not in client.get(f"/plans/{plan.pk}/export.csv").content.decode()
    assert "Quiet Shelter" not in client.get(f"/plans/{plan.pk}/versions/1/").content.decode()


def _page_queries(client, plan):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/plans/{plan.pk}/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_plan_page_queries_do_not_grow_with_activities(client, network, coordinator):
    small = make_full_plan(network=network, by=coordinator, activities=1)
    big = make_full_plan(network=network, by=coordinator, activities=12)
    for p in (small, big):
        for activity in p.activities.all():
            indicator = activity.indicators.get()
            update = services.progress_submit(
                indicator=indicator,
                period_start=dt.date(2021, 1, 1),
                period_end=dt.date(2021, 12, 31),
                value=5,
                narrative="n",
                submitted_by=coordinator,
            )
            services.progress_validate(update=update, validated_by=coordinator)
            services.adaptation_create(
                plan=p,
                title="t",
                what_changed="w",
                why="y",
                decided_on=dt.date(2021, 1, 28),
                decided_by="members",
                recorded_by=coordinator,
                activities=[activity],
            )
    client.force_login(coordinator)
    _page_queries(client, small)  # warm caches (content types, sessions)
    assert _page_queries(client, small) == _page_queries(client, big)


@pytest.mark.django_db
def test_plan_list_queries_do_not_grow_and_filters_work(client, network, coordinator, staff_user):
    make_full_plan(network=network, by=coordinator)
    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as few:
        client.get("/plans/")
    for _ in range(8):
        make_full_plan(network=NetworkFactory(), visibility="public", adopt=True)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/plans/")
    assert len(few.captured_queries) == len(many.captured_queries)
    filtered = client.get(f"/plans/?network={network.slug}&status=draft&year=2021")
    assert filtered.content.decode().count("/plans/") >= 1
    assert len(filtered.context["page"].object_list) == 1
    assert len(response.context["page"].object_list) == 9


@pytest.mark.django_db
def test_timeline_mirrors_in_arabic(client, network, coordinator):
    plan = make_full_plan(network=network, by=coordinator, visibility="public", adopt=True)
    activity = plan.activities.get()
    from shabaka.plans import timeline

    ltr = timeline.build(
        activities=[activity],
        start=plan.period_start,
        end=plan.period_end,
        rtl=False,
        today=dt.date(2021, 6, 1),
    )
    rtl = timeline.build(
        activities=[activity],
        start=plan.period_start,
        end=plan.period_end,
        rtl=True,
        today=dt.date(2021, 6, 1),
    )
    a, b = ltr.rows[0].planned, rtl.rows[0].planned
    assert a.width == b.width and round(a.x + b.x + a.width, 1) == timeline.WIDTH
    assert ltr.rows[0].label_x < 100 < rtl.rows[0].label_x
    response = client.get(f"/plans/{plan.pk}/timeline/", HTTP_ACCEPT_LANGUAGE="ar")
    body = response.content.decode()
    assert response.status_code == 200 and 'direction="rtl"' in body and "style=" not in body


@pytest.mark.django_db
def test_dashboard_and_network_partial(client, network, coordinator, outsider):
    plan = make_full_plan(
        network=network, by=coordinator, visibility="public", adopt=True, activities=2
    )
    response = client.get(f"/plans/network/{network.slug}/dashboard/")
    assert response.status_code == 200
    assert "Late activities" in response.content.decode()  # 2021 dates have passed
    hidden = NetworkFactory(visibility="members")
    client.force_login(outsider)
    assert client.get(f"/plans/network/{hidden.slug}/dashboard/").status_code == 404
    summary = selectors.network_plan_summary(network=network, viewer=outsider)
    assert summary["plan"] == plan and summary["counts"]["total"] == 2
    with translation.override("en"):
        html = render_to_string("plans/partials/network_plan.html", {"plan_summary": summary})
    assert plan.title in html and "on track" in html


@pytest.mark.django_db
def test_plan_page_has_progress_bars_without_inline_styles(client, network, coordinator):
    plan = make_full_plan(network=network, by=coordinator, visibility="public", adopt=True)
    indicator = plan.activities.get().indicators.get()
    update = services.progress_submit(
        indicator=indicator,
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 12, 31),
        value=130,
        narrative="More than planned",
        submitted_by=coordinator,
    )
    services.progress_validate(update=update, validated_by=coordinator)
    body = client.get(f"/plans/{plan.pk}/").content.decode()
    assert '<progress class="achievement" max="100" value="100"' in body
    assert "130.0%" in body and "beyond the target" in body and "style=" not in body


@pytest.mark.django_db
def test_coordinator_creates_a_plan_and_an_outsider_cannot(client, network, coordinator, outsider):
    form = {
        "title": "Plan 2023",
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "visibility": "members",
        "status": "adopted",
    }
    client.force_login(outsider)
    assert client.post(f"/plans/new/{network.slug}/", form).status_code == 403
    client.force_login(coordinator)
    assert client.post(f"/plans/new/{network.slug}/", form).status_code == 302
    plan = ActionPlan.objects.get(title="Plan 2023")
    assert plan.status == "draft"
    objective_form = {"title": "Obj", "code": "1"}
    assert client.post(f"/plans/{plan.pk}/objectives/new/", objective_form).status_code == 302
    objective = plan.objectives.get()
    response = client.post(
        f"/plans/{plan.pk}/indicators/new/?objective={objective.pk}",
        {
            "title": "Share of members trained",
            "unit": "percentage",
            "direction": "increase",
            "baseline": "10",
            "target": "120",
        },
    )
    assert response.status_code == 200 and "from 0 to 100" in response.content.decode()
    response = client.post(
        f"/plans/{plan.pk}/indicators/new/?objective={objective.pk}",
        {
            "title": "Share of members trained",
            "unit": "percentage",
            "direction": "increase",
            "baseline": "10",
            "target": "80",
            "disaggregation": ["gender"],
        },
    )
    assert response.status_code == 302
    assert objective.indicators.get().disaggregation == ["gender"]
