"""Adaptations: a change to the plan because of the context, decided when and by whom."""

import datetime as dt

import pytest

from shabaka.accounts.models import AuditEntry
from shabaka.core.errors import Refused
from shabaka.plans import services
from shabaka.plans.models import Adaptation
from tests.factories.plans import make_full_plan


def record(plan, user, **kw):
    args = {
        "plan": plan,
        "title": "COVID-19: trainings moved online",
        "what_changed": "Face-to-face trainings become online sessions.",
        "why": "Movement restrictions during the COVID-19 pandemic.",
        "decided_on": dt.date(2021, 1, 28),
        "decided_by": "The network's members",
        "occasion": "Tripoli workshop, 26–28 January 2021",
        "recorded_by": user,
        "activities": list(plan.activities.all()[:1]),
    }
    args.update(kw)
    return services.adaptation_create(**args)


@pytest.mark.django_db
def test_an_adaptation_records_what_why_when_who_and_the_activities(plan, coordinator):
    adaptation = record(plan, coordinator)
    assert adaptation.recorded_by == coordinator
    assert list(adaptation.activities.all()) == list(plan.activities.all()[:1])
    entry = AuditEntry.objects.get(
        action="create", object_id=str(adaptation.pk), content_type__model="adaptation"
    )
    assert entry.changes["why"][1].startswith("Movement restrictions")
    assert entry.changes["activities"] == [None, [plan.activities.first().pk]]
    services.adaptation_update(adaptation=adaptation, updated_by=coordinator, activities=[])
    assert AuditEntry.objects.filter(action="update", object_id=str(adaptation.pk)).exists()


@pytest.mark.django_db
def test_incomplete_or_foreign_adaptations_are_refused(plan, coordinator, network):
    other = make_full_plan(network=network, by=coordinator)
    with pytest.raises(Refused, match="Say why"):
        record(plan, coordinator, why=" ")
    with pytest.raises(Refused, match="Only activities of this plan"):
        record(plan, coordinator, activities=list(other.activities.all()))
    with pytest.raises(Refused, match="future"):
        record(plan, coordinator, decided_on=dt.date.today() + dt.timedelta(days=3))
    assert not Adaptation.objects.exists()


@pytest.mark.django_db
def test_the_plan_page_shows_the_adaptation_and_only_the_coordinator_records_one(
    client, plan, coordinator, member_editor
):
    client.force_login(member_editor)
    assert client.get(f"/plans/{plan.pk}/adaptations/new/").status_code == 403
    client.force_login(coordinator)
    activity = plan.activities.first()
    response = client.post(
        f"/plans/{plan.pk}/adaptations/new/",
        {
            "title": "Road closed",
            "what_changed": "Visits to Sabha replaced by phone interviews.",
            "why": "Security closed the road.",
            "decided_on": "2021-03-02",
            "decided_by": "Coordinator with the members",
            "activities": [activity.pk],
        },
    )
    assert response.status_code == 302
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Road closed" in page and "Security closed the road." in page
