"""The plans demo, on networks made with factories (the networks demo may not be loaded)."""

import io

import pytest

from shabaka.plans import demo
from shabaka.plans.models import ActionPlan, Adaptation, PlanStatus, ProgressUpdate
from tests.factories.networks import NetworkFactory
from tests.factories.plans import member_of


@pytest.mark.django_db
def test_demo_plans_for_the_four_networks_load_once():
    for slug in demo.NETWORK_SLUGS:
        network = NetworkFactory(slug=slug)
        member_of(network)
        member_of(network)
    out = io.StringIO()
    demo.load(stdout=out)
    assert "4 action plans created" in out.getvalue()
    counts = (
        ActionPlan.objects.count(),
        ProgressUpdate.objects.count(),
        Adaptation.objects.count(),
    )
    demo.load(stdout=io.StringIO())
    assert counts == (
        ActionPlan.objects.count(),
        ProgressUpdate.objects.count(),
        Adaptation.objects.count(),
    )
    plan = ActionPlan.objects.get(network__slug="demo-net-tripoli")
    assert plan.status == PlanStatus.REVISED
    assert list(plan.versions.values_list("number", flat=True)) == [1, 2]
    adaptation = plan.adaptations.get()
    assert adaptation.decided_on.isoformat() == "2021-01-28" and "Tripoli" in adaptation.occasion
    assert plan.activities.filter(partners__memberships__network__slug="demo-net-benghazi").exists()
    assert ProgressUpdate.objects.filter(
        indicator__owner_id__in=plan.activities.values("pk"), period_start__year=2021
    ).exists()


@pytest.mark.django_db
def test_demo_without_networks_creates_nothing_and_says_so():
    out = io.StringIO()
    demo.load(stdout=out)
    assert "demo networks missing" in out.getvalue()
    assert not ActionPlan.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_demo_plan_pages_render_in_every_language(client, staff_user, language):
    for slug in demo.NETWORK_SLUGS:
        network = NetworkFactory(slug=slug)
        member_of(network)
        member_of(network)
    demo.load(stdout=io.StringIO())
    plan = ActionPlan.objects.get(network__slug="demo-net-sabha")
    indicator = plan.activities.get(code="1.1").indicators.get()
    client.force_login(staff_user)
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    for url in [
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/timeline/",
        f"/plans/{plan.pk}/compare/",
        f"/plans/{plan.pk}/versions/2/",
        f"/plans/{plan.pk}/indicators/{indicator.pk}/",
        f"/plans/{plan.pk}/export.xlsx",
        "/plans/network/demo-net-sabha/dashboard/",
        "/plans/",
    ]:
        assert client.get(url, **headers).status_code == 200, url
    compare = client.get(f"/plans/{plan.pk}/compare/", **headers).content.decode()
    assert "(online)" in compare
