"""Nominations: proposed by a member, nominated within the seats by the coordinator, confirmed or
declined by the organiser, accepted or withdrawn by the nominee (also through a signed link)."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from shabaka.accounts.models import AuditEntry
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.events import services
from shabaka.events.models import NominationStatus, Participation
from tests.factories.directory import CountryFactory

N = NominationStatus


def _link_from(message) -> str:
    return re.search(r"https?://\S+/events/nominations/respond/\S+/", message.body).group(0)


@pytest.mark.django_db(transaction=True)
def test_full_life_cycle_is_dated_audited_and_emailed(
    invitation, candidates, member_user, coordinator, staff_user, client, run_worker
):
    proposal = services.nomination_propose(
        invitation=invitation, proposed_by=member_user, person=candidates[0]
    )
    assert proposal.status == N.PROPOSED and proposal.proposed_at is not None
    assert mail.outbox == []  # a proposal is internal to the body
    services.nomination_nominate(nomination=proposal, nominated_by=coordinator)
    assert proposal.status == N.NOMINATED and proposal.nominated_by == coordinator
    run_worker()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [candidates[0].email]
    assert "nominated you" in mail.outbox[0].body
    services.nomination_confirm(nomination=proposal, decided_by=staff_user, reason="welcome")
    assert proposal.status == N.CONFIRMED and proposal.decided_at is not None
    assert Participation.objects.get(nomination=proposal).network == invitation.network
    run_worker()
    assert "is confirmed" in mail.outbox[1].subject

    # The nominee, without an account, accepts through the link in the email.
    link = _link_from(mail.outbox[1])
    response = client.post(link, {"answer": "accept"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.accepted_at is not None and proposal.status == N.CONFIRMED

    steps = list(proposal.steps.values_list("from_status", "to_status", "by_nominee"))
    assert steps == [
        ("", N.PROPOSED, False),
        (N.PROPOSED, N.NOMINATED, False),
        (N.NOMINATED, N.CONFIRMED, False),
        (N.CONFIRMED, N.CONFIRMED, True),
    ]
    transitions = AuditEntry.objects.filter(
        object_id=str(proposal.pk), content_type__model="nomination"
    )
    assert transitions.count() == 4  # created, nominated, confirmed, accepted


@pytest.mark.django_db(transaction=True)
def test_declining_needs_a_reason_and_tells_the_nominee(
    invitation, candidates, coordinator, staff_user, run_worker
):
    nomination = services.nomination_create(
        invitation=invitation, nominated_by=coordinator, person=candidates[0]
    )
    with pytest.raises(Refused, match="Give the reason"):
        services.nomination_decline(nomination=nomination, decided_by=staff_user, reason=" ")
    nomination.refresh_from_db()
    assert nomination.status == N.NOMINATED
    services.nomination_decline(
        nomination=nomination, decided_by=staff_user, reason="the profile does not fit"
    )
    assert nomination.status == N.DECLINED
    run_worker()
    assert "not retained" in mail.outbox[-1].subject
    assert "the profile does not fit" in mail.outbox[-1].body


@pytest.mark.django_db
def test_nominating_beyond_the_seats_is_refused_and_changes_nothing(
    invitation, candidates, coordinator
):
    for person in candidates[:2]:
        services.nomination_create(invitation=invitation, nominated_by=coordinator, person=person)
    entries = AuditEntry.objects.count()
    with pytest.raises(Refused, match="All 2 seats of Tripoli Network are taken"):
        services.nomination_create(
            invitation=invitation, nominated_by=coordinator, person=candidates[2]
        )
    proposal = services.nomination_propose(
        invitation=invitation, proposed_by=coordinator, person=candidates[3]
    )
    entries = AuditEntry.objects.count()
    with pytest.raises(Refused, match="seats .* are taken"):
        services.nomination_nominate(nomination=proposal, nominated_by=coordinator)
    proposal.refresh_from_db()
    assert proposal.status == N.PROPOSED
    assert invitation.nominations.filter(status=N.NOMINATED).count() == 2
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_withdrawal_frees_the_seat(invitation, candidates, coordinator):
    first, _second = (
        services.nomination_create(invitation=invitation, nominated_by=coordinator, person=p)
        for p in candidates[:2]
    )
    services.nomination_withdraw(nomination=first, withdrawn_by=coordinator, reason="ill")
    third = services.nomination_create(
        invitation=invitation, nominated_by=coordinator, person=candidates[2]
    )
    assert third.status == N.NOMINATED


@pytest.mark.django_db
def test_confirming_a_withdrawn_nomination_is_refused(
    invitation, candidates, coordinator, staff_user
):
    nomination = services.nomination_create(
        invitation=invitation, nominated_by=coordinator, person=candidates[0]
    )
    services.nomination_withdraw(nomination=nomination, withdrawn_by=coordinator)
    with pytest.raises(
        InvalidTransition, match="Only a nomination can be confirmed; this one is Withdrawn"
    ):
        services.nomination_confirm(nomination=nomination, decided_by=staff_user)
    nomination.refresh_from_db()
    assert nomination.status == N.WITHDRAWN
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_the_same_person_cannot_be_put_forward_twice(
    event, invitation, candidates, coordinator, staff_user
):
    from tests.factories.events import InvitationFactory

    services.nomination_create(
        invitation=invitation, nominated_by=coordinator, person=candidates[0]
    )
    other = InvitationFactory(event=event, network=None, country=CountryFactory(code="LY"))
    with pytest.raises(Refused, match="already been put forward"):
        services.nomination_create(invitation=other, nominated_by=staff_user, person=candidates[0])


@pytest.mark.django_db
def test_nominations_need_an_open_event(invitation, candidates, coordinator, staff_user):
    services.event_confirm(event=invitation.event, by=staff_user)
    with pytest.raises(InvalidTransition, match="not open for nominations"):
        services.nomination_create(
            invitation=invitation, nominated_by=coordinator, person=candidates[0]
        )


@pytest.mark.django_db
def test_a_new_person_can_be_nominated_and_bad_input_is_refused(invitation, coordinator):
    from shabaka.directory.models import Person

    people = Person.objects.count()
    with pytest.raises(Refused, match="valid email"):
        services.nomination_create(
            invitation=invitation,
            nominated_by=coordinator,
            new_person={"full_name": "Representative 1", "email": "not-an-email"},
        )
    with pytest.raises(Refused, match="Choose a person"):
        services.nomination_create(invitation=invitation, nominated_by=coordinator, new_person={})
    assert Person.objects.count() == people
    nomination = services.nomination_create(
        invitation=invitation,
        nominated_by=coordinator,
        new_person={"full_name": "Representative 1", "email": "rep1@example.org"},
    )
    assert nomination.person.full_name == "Representative 1"


@pytest.mark.django_db
def test_a_state_invitation_and_one_body_per_invitation(event, staff_user):
    libya = CountryFactory(code="LY")
    invitation = services.invitation_create(
        event=event, invited_by=staff_user, country=libya, seats=3
    )
    assert invitation.body_kind == "state"
    with pytest.raises(Refused, match="already invited"):
        services.invitation_create(event=event, invited_by=staff_user, country=libya, seats=1)
    with pytest.raises(Refused, match="Invite one nominating body"):
        services.invitation_create(event=event, invited_by=staff_user, seats=1)
    with pytest.raises(Refused, match="at least one seat"):
        services.invitation_create(
            event=event, invited_by=staff_user, country=CountryFactory(code="IT"), seats=0
        )


@pytest.mark.django_db
def test_a_tampered_link_is_refused(invitation, candidates, coordinator, client):
    nomination = services.nomination_create(
        invitation=invitation, nominated_by=coordinator, person=candidates[0]
    )
    token = services.nomination_token_make(nomination=nomination)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.post(
        reverse("events:nomination_respond", args=[tampered]), {"answer": "withdraw"}
    )
    assert response.status_code == 400
    assert "This link is not valid." in response.content.decode()
    # A link for one nomination made for another person's id does not work either.
    forged = signing.dumps({"n": nomination.pk, "p": candidates[1].pk}, salt="x")
    with pytest.raises(Refused, match="not valid"):
        services.nomination_for_token(token=forged)
    nomination.refresh_from_db()
    assert nomination.status == N.NOMINATED


@pytest.mark.django_db
def test_an_expired_link_is_refused(invitation, candidates, coordinator, client, settings):
    nomination = services.nomination_create(
        invitation=invitation, nominated_by=coordinator, person=candidates[0]
    )
    token = services.nomination_token_make(nomination=nomination)
    settings.NOMINATION_LINK_TIMEOUT = -1
    response = client.post(reverse("events:nomination_respond", args=[token]), {"answer": "accept"})
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.accepted_at is None


@pytest.mark.django_db
def test_the_nominee_withdraws_through_the_link_and_the_seat_is_free(
    invitation, candidates, coordinator, client
):
    nomination = services.nomination_create(
        invitation=invitation, nominated_by=coordinator, person=candidates[0]
    )
    token = services.nomination_token_make(nomination=nomination)
    url = reverse("events:nomination_respond", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and invitation.event.title in page.content.decode()
    client.post(url, {"answer": "withdraw", "reason": "travel not possible"})
    nomination.refresh_from_db()
    assert (
        nomination.status == N.WITHDRAWN and nomination.withdrawal_reason == "travel not possible"
    )
    assert nomination.steps.last().by_nominee
    # Withdrawing twice: a clear refusal, nothing changes.
    response = client.post(url, {"answer": "withdraw"})
    assert response.status_code == 400
    assert "can no longer be withdrawn" in response.content.decode()
