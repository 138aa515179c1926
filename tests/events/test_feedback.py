"""Feedback is one per participant, aggregated for the organiser, and anonymous to everyone but
the platform administrator."""

import pytest
from django.urls import reverse

from shabaka.accounts.models import AuditEntry
from shabaka.core.errors import Refused
from shabaka.events import services
from shabaka.events.selectors import feedback_summary
from tests.factories.directory import PersonFactory
from tests.factories.events import EventFactory, ParticipationFactory

RATINGS = {"relevance": 5, "content": 4, "facilitation": 3, "organisation": 4}


@pytest.fixture
def held_event(db):
    return EventFactory(slug="held-workshop")


def _attended(event, staff_user, user=None, name="Respondent Person"):
    participation = ParticipationFactory(
        event=event, person=PersonFactory(full_name=name, user=user)
    )
    services.attendance_record(
        participation=participation, day=event.days[0], mode="online", recorded_by=staff_user
    )
    return participation


@pytest.mark.django_db
def test_one_answer_per_participant_and_the_aggregate(held_event, staff_user):
    first = _attended(held_event, staff_user, name="First Respondent")
    second = _attended(held_event, staff_user, name="Second Respondent")
    services.feedback_submit(participation=first, ratings=RATINGS, comment="Very useful")
    services.feedback_submit(
        participation=second, ratings={**RATINGS, "relevance": 3}, comment="More time please"
    )
    with pytest.raises(Refused, match="already given your feedback"):
        services.feedback_submit(participation=first, ratings=RATINGS)
    summary = feedback_summary(event=held_event)
    assert summary["responses"] == 2
    assert summary["questions"][0]["average"] == 4.0
    assert summary["questions"][0]["distribution"] == [(1, 0), (2, 0), (3, 1), (4, 0), (5, 1)]
    assert summary["comments"] == ["More time please", "Very useful"]


@pytest.mark.django_db
def test_ratings_out_of_range_and_non_attendees_are_refused(held_event, staff_user):
    participation = _attended(held_event, staff_user)
    with pytest.raises(Refused, match="rating from 1 to 5"):
        services.feedback_submit(participation=participation, ratings={**RATINGS, "content": 6})
    absent = ParticipationFactory(event=held_event)
    with pytest.raises(Refused, match="Only participants who attended"):
        services.feedback_submit(participation=absent, ratings=RATINGS)
    assert not held_event.feedback.exists()


@pytest.mark.django_db
def test_who_answered_is_seen_by_the_administrator_only(
    held_event, staff_user, admin_user, make_user, client
):
    respondent_user = make_user(email="resp@example.org")
    participation = _attended(held_event, staff_user, user=respondent_user, name="Nadia Respondent")
    client.force_login(respondent_user)
    response = client.post(
        reverse("events:feedback_give", args=[held_event.slug]),
        {**{k: str(v) for k, v in RATINGS.items()}, "comment": "Clear and useful"},
    )
    assert response.status_code == 302
    assert participation.feedback.comment == "Clear and useful"

    # The organiser (project staff) sees the totals and the comment, never the respondent.
    client.force_login(staff_user)
    page = client.get(reverse("events:feedback_results", args=[held_event.slug])).content.decode()
    assert "Clear and useful" in page and "Nadia Respondent" not in page
    # ... nor in the audit log, which staff read.
    entry = AuditEntry.objects.get(content_type__model="feedback")
    assert entry.actor is None and "respondent" not in entry.changes
    log = client.get(reverse("accounts:audit_log")).content.decode()
    assert "resp@example.org" not in log

    client.force_login(admin_user)
    page = client.get(reverse("events:feedback_results", args=[held_event.slug])).content.decode()
    assert "Nadia Respondent" in page


@pytest.mark.django_db
def test_feedback_pages_are_closed_to_outsiders(held_event, outsider, client):
    client.force_login(outsider)
    assert client.get(reverse("events:feedback_give", args=[held_event.slug])).status_code == 403
    assert client.get(reverse("events:feedback_results", args=[held_event.slug])).status_code == 403
    client.logout()
    response = client.get(reverse("events:feedback_results", args=[held_event.slug]))
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
