"""Write endpoints for nominations, progress updates and focal-point appointments: the same
services, forms and rules as the pages; 400/403/404/409 as documented; no `status` accepted."""

import datetime as dt

import pytest
from django.core.cache import cache

from shabaka.accounts.models import AuditEntry, Role
from shabaka.core.visibility import Visibility
from shabaka.dialogues.models import FocalPointAppointment
from shabaka.events.models import Nomination, NominationStatus, Participation
from shabaka.plans.models import Indicator, ProgressStatus, ProgressUpdate
from tests.factories.dialogues import DialogueFactory, OfficialFactory, PartnerStateFactory
from tests.factories.directory import CountryFactory, OrganisationFactory, PersonFactory
from tests.factories.events import EventFactory, InvitationFactory
from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.plans import make_full_plan


def post(client, url, data=None, **extra):
    return client.post(url, data or {}, content_type="application/json", **extra)


def bearer(user):
    from shabaka.accounts.tokens import token_create

    _token, secret = token_create(user=user, name="script")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# --- Nominations ---------------------------------------------------------------------------------


@pytest.fixture
def nominations(db, make_user, staff_user):
    network = NetworkFactory(slug="west")
    member_org = OrganisationFactory(name="Member Association")
    MembershipFactory(network=network, organisation=member_org)
    event = EventFactory(slug="tripoli-workshop-2021-01")
    invitation = InvitationFactory(event=event, network=network, seats=1)
    return {
        "invitation": invitation,
        "event": event,
        "candidate": PersonFactory(organisation=member_org, full_name="Placeholder Candidate"),
        "second": PersonFactory(organisation=member_org, full_name="Placeholder Second"),
        "coordinator": make_user(scoped=[(Role.COORDINATOR, network)]),
        "member": make_user(scoped=[(Role.ORG_EDITOR, member_org)]),
        "organiser": staff_user,
    }


@pytest.mark.django_db
def test_propose_nominate_confirm_with_tokens(client, nominations):
    invitation = nominations["invitation"]
    member = bearer(nominations["member"])
    url = f"/api/v1/invitations/{invitation.pk}/proposals"
    # A `status` in the body is refused, and nothing is proposed.
    with_status = post(
        client, url, {"person_id": nominations["candidate"].pk, "status": "confirmed"}, **member
    )
    assert with_status.status_code == 400 and "status" in with_status.json()["error"]["fields"]
    assert not Nomination.objects.exists()
    proposed = post(client, url, {"person_id": nominations["candidate"].pk}, **member)
    assert proposed.status_code == 201, proposed.content
    assert proposed.json()["status"] == "proposed"
    nomination_id = proposed.json()["id"]
    # A member may propose but not nominate: a visible record they may not act on is a 403.
    refused = post(
        client,
        f"/api/v1/nominations/{nomination_id}/nominate",
        **bearer(nominations["member"]),
    )
    assert refused.status_code == 403
    coordinator = bearer(nominations["coordinator"])
    nominated = post(client, f"/api/v1/nominations/{nomination_id}/nominate", **coordinator)
    assert nominated.json()["status"] == "nominated"
    # The coordinator does not decide: the organiser does.
    assert (
        post(client, f"/api/v1/nominations/{nomination_id}/confirm", **coordinator).status_code
        == 403
    )
    organiser = bearer(nominations["organiser"])
    confirmed = post(
        client, f"/api/v1/nominations/{nomination_id}/confirm", {"reason": "welcome"}, **organiser
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert Participation.objects.filter(person=nominations["candidate"]).exists()
    again = post(client, f"/api/v1/nominations/{nomination_id}/confirm", **organiser)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert AuditEntry.objects.filter(object_id=str(nomination_id), action="transition").count() == 2


@pytest.mark.django_db
def test_nominating_within_the_seats_and_withdrawing(client, nominations):
    invitation = nominations["invitation"]
    client.force_login(nominations["coordinator"])
    first = post(
        client,
        f"/api/v1/invitations/{invitation.pk}/nominations",
        {"person_id": nominations["candidate"].pk},
    )
    assert first.status_code == 201 and first.json()["status"] == "nominated"
    full = post(
        client,
        f"/api/v1/invitations/{invitation.pk}/nominations",
        {"person_id": nominations["second"].pk},
    )
    assert full.status_code == 409 and "seats" in full.json()["error"]["message"]
    assert Nomination.objects.count() == 1
    withdrawn = post(
        client, f"/api/v1/nominations/{first.json()['id']}/withdraw", {"reason": "ill"}
    )
    assert withdrawn.json()["status"] == "withdrawn"
    assert (
        post(
            client,
            f"/api/v1/invitations/{invitation.pk}/nominations",
            {"person_id": nominations["second"].pk},
        ).status_code
        == 201
    )
    detail = client.get(f"/api/v1/invitations/{invitation.pk}").json()
    assert (detail["seats"], detail["taken"], len(detail["nominations"])) == (1, 1, 2)


@pytest.mark.django_db
def test_decline_needs_a_reason_and_bad_input_is_a_400(client, nominations):
    invitation = nominations["invitation"]
    client.force_login(nominations["organiser"])
    nomination = post(
        client,
        f"/api/v1/invitations/{invitation.pk}/nominations",
        {"person_id": nominations["candidate"].pk},
    ).json()
    no_reason = post(client, f"/api/v1/nominations/{nomination['id']}/decline", {"reason": " "})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["fields"]
    assert Nomination.objects.get().status == NominationStatus.NOMINATED
    declined = post(
        client, f"/api/v1/nominations/{nomination['id']}/decline", {"reason": "Seats reallocated"}
    )
    assert declined.json()["status"] == "declined"
    # A person from outside the nominating body is not a choice: the page's form says so.
    stranger = PersonFactory()
    bad = post(
        client, f"/api/v1/invitations/{invitation.pk}/nominations", {"person_id": stranger.pk}
    )
    assert bad.status_code == 400 and "person_id" in bad.json()["error"]["fields"]
    bad_email = post(
        client,
        f"/api/v1/invitations/{invitation.pk}/proposals",
        {"full_name": "Placeholder New", "email": "not-an-address"},
    )
    assert bad_email.status_code == 400 and "email" in bad_email.json()["error"]["fields"]
    assert not_a_number(client, f"/api/v1/nominations/{nomination['id']}/decline")


def not_a_number(client, url) -> bool:
    response = post(client, url, {"reason": ["not", "a", "string"]})
    return response.status_code == 400 and "reason" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_nominations_of_an_invisible_event_are_404(client, nominations, outsider, make_user):
    invitation = nominations["invitation"]
    client.force_login(nominations["coordinator"])
    nomination = post(
        client,
        f"/api/v1/invitations/{invitation.pk}/nominations",
        {"person_id": nominations["candidate"].pk},
    ).json()
    client.force_login(outsider)
    assert client.get(f"/api/v1/invitations/{invitation.pk}").status_code == 404
    assert post(client, f"/api/v1/nominations/{nomination['id']}/withdraw").status_code == 404
    assert (
        post(
            client,
            f"/api/v1/invitations/{invitation.pk}/proposals",
            {"person_id": nominations["second"].pk},
        ).status_code
        == 404
    )
    client.logout()
    assert post(client, f"/api/v1/nominations/{nomination['id']}/withdraw").status_code == 401
    assert Nomination.objects.get().status == NominationStatus.NOMINATED


@pytest.mark.django_db
def test_event_detail_lists_the_viewers_invitations(client, nominations):
    client.force_login(nominations["coordinator"])
    body = client.get("/api/v1/events/tripoli-workshop-2021-01").json()
    assert [(i["id"], i["seats"]) for i in body["my_invitations"]] == [
        (nominations["invitation"].pk, 1)
    ]
    client.logout()
    assert client.get("/api/v1/events/tripoli-workshop-2021-01").json()["my_invitations"] == []


# --- Progress updates ----------------------------------------------------------------------------


@pytest.fixture
def progress(db, make_user, staff_user):
    network = NetworkFactory()
    plan = make_full_plan(network=network, by=staff_user, visibility=Visibility.MEMBERS)
    activity = plan.activities.get()
    indicator = Indicator.objects.get(owner_id=activity.pk, title="People trained 1")
    other_org = OrganisationFactory()
    MembershipFactory(network=network, organisation=other_org)
    return {
        "plan": plan,
        "indicator": indicator,
        "lead_editor": make_user(scoped=[(Role.ORG_EDITOR, activity.lead)]),
        "other_member": make_user(scoped=[(Role.ORG_EDITOR, other_org)]),
        "coordinator": make_user(scoped=[(Role.COORDINATOR, network)]),
    }


REPORT = {
    "period_start": "2021-01-01",
    "period_end": "2021-06-30",
    "value": "35",
    "narrative": "Twelve sessions in Tripoli schools.",
}


@pytest.mark.django_db
def test_lead_editor_submits_and_coordinator_validates(client, progress):
    url = f"/api/v1/indicators/{progress['indicator'].pk}/progress"
    with_status = post(
        client, url, {**REPORT, "status": "validated"}, **bearer(progress["lead_editor"])
    )
    assert with_status.status_code == 400  # `status` refused, nothing stored
    assert not ProgressUpdate.objects.exists()
    submitted = post(client, url, REPORT, **bearer(progress["lead_editor"]))
    assert submitted.status_code == 201, submitted.content
    assert submitted.json()["status"] == "submitted"
    update_id = submitted.json()["id"]
    # Another member of the network sees the plan but may not validate: 403.
    assert (
        post(
            client, f"/api/v1/progress/{update_id}/validate", **bearer(progress["other_member"])
        ).status_code
        == 403
    )
    assert (
        post(
            client, f"/api/v1/progress/{update_id}/validate", **bearer(progress["lead_editor"])
        ).status_code
        == 403
    )
    coordinator = bearer(progress["coordinator"])
    validated = post(client, f"/api/v1/progress/{update_id}/validate", **coordinator)
    assert validated.status_code == 200 and validated.json()["status"] == "validated"
    assert post(client, f"/api/v1/progress/{update_id}/validate", **coordinator).status_code == 409
    assert (
        post(
            client, f"/api/v1/progress/{update_id}/reject", {"reason": "late"}, **coordinator
        ).status_code
        == 409
    )
    plan = client.get(f"/api/v1/plans/{progress['plan'].pk}", **coordinator).json()
    indicator = plan["objectives"][0]["activities"][0]["indicators"][0]
    assert indicator["progress"]["bar"] == 35
    listed = client.get(url, **coordinator).json()
    assert [u["id"] for u in listed] == [update_id]


@pytest.mark.django_db
def test_other_members_cannot_submit_and_rejection_needs_a_reason(client, progress):
    url = f"/api/v1/indicators/{progress['indicator'].pk}/progress"
    assert post(client, url, REPORT, **bearer(progress["other_member"])).status_code == 403
    client.force_login(progress["coordinator"])
    update = post(client, url, REPORT).json()
    no_reason = post(client, f"/api/v1/progress/{update['id']}/reject", {})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["fields"]
    rejected = post(
        client, f"/api/v1/progress/{update['id']}/reject", {"reason": "No evidence attached"}
    )
    assert rejected.json()["status"] == "rejected"
    assert ProgressUpdate.objects.get().rejection_reason == "No evidence attached"


@pytest.mark.django_db
def test_bad_progress_is_refused_with_field_errors_and_nothing_stored(client, progress):
    url = f"/api/v1/indicators/{progress['indicator'].pk}/progress"
    client.force_login(progress["lead_editor"])
    backwards = post(client, url, {**REPORT, "period_end": "2020-01-01"})
    assert backwards.status_code == 400 and "period_end" in backwards.json()["error"]["fields"]
    negative = post(client, url, {**REPORT, "value": "-3"})
    assert negative.status_code == 400 and "value" in negative.json()["error"]["fields"]
    not_a_date = post(client, url, {**REPORT, "period_start": "soon"})
    assert not_a_date.status_code == 400 and "period_start" in not_a_date.json()["error"]["fields"]
    unknown_dimension = post(client, url, {**REPORT, "disaggregated_values": {"age": {"18": 3}}})
    assert unknown_dimension.status_code == 400
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_progress_on_a_hidden_plan_is_404(client, progress, outsider):
    url = f"/api/v1/indicators/{progress['indicator'].pk}/progress"
    client.force_login(outsider)
    assert post(client, url, REPORT).status_code == 404
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    assert post(client, url, REPORT).status_code == 401
    assert ProgressUpdate.objects.count() == 0
    assert ProgressStatus.SUBMITTED == "submitted"


# --- Focal-point appointments --------------------------------------------------------------------


@pytest.fixture
def rabat(db, make_user):
    dialogue = DialogueFactory(slug="rabat-process", short_name="Rabat Process")
    PartnerStateFactory(dialogue=dialogue, country=CountryFactory(code="LY"))
    return {
        "dialogue": dialogue,
        "secretariat": make_user(scoped=[(Role.SECRETARIAT, dialogue)]),
        "first": OfficialFactory(full_name="Focal Point, Rabat Process (placeholder 1)"),
        "second": OfficialFactory(full_name="Focal Point, Rabat Process (placeholder 2)"),
    }


def appointment(person, started_on, **kw):
    return {
        "country": "LY",
        "function": "national",
        "person_id": person.pk,
        "started_on": started_on,
        "act_reference": "Decision 7/2022",
        "act_date": started_on,
        **kw,
    }


@pytest.mark.django_db
def test_secretariat_appoints_and_the_previous_appointment_ends(client, rabat):
    auth = bearer(rabat["secretariat"])
    url = "/api/v1/dialogues/rabat-process/appointments"
    with_status = post(
        client, url, appointment(rabat["first"], "2021-03-01", status="ended"), **auth
    )
    assert with_status.status_code == 400 and "status" in with_status.json()["error"]["fields"]
    assert not FocalPointAppointment.objects.exists()
    first = post(client, url, appointment(rabat["first"], "2021-03-01"), **auth)
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "appointed" and first.json()["ended_on"] is None
    second = post(client, url, appointment(rabat["second"], "2022-02-01"), **auth)
    assert second.status_code == 201 and second.json()["previous"] == first.json()["id"]
    previous = FocalPointAppointment.objects.get(pk=first.json()["id"])
    assert (previous.status, previous.ended_on) == ("ended", dt.date(2022, 2, 1))
    earlier = post(client, url, appointment(rabat["first"], "2020-01-01"), **auth)
    assert earlier.status_code == 400 and "started_on" in earlier.json()["error"]["fields"]
    ended = post(
        client,
        f"/api/v1/appointments/{second.json()['id']}/end",
        {"ended_on": "2023-01-01", "reason": "Resigned"},
        **auth,
    )
    assert ended.json()["status"] == "ended"
    twice = post(
        client,
        f"/api/v1/appointments/{second.json()['id']}/end",
        {"ended_on": "2023-02-01", "reason": "Again"},
        **auth,
    )
    assert twice.status_code == 409


@pytest.mark.django_db
def test_appointments_are_refused_to_others(client, rabat, outsider, viewer_user, staff_user):
    url = "/api/v1/dialogues/rabat-process/appointments"
    body = appointment(rabat["first"], "2021-03-01")
    client.force_login(outsider)
    assert post(client, url, body).status_code == 403
    assert post(client, "/api/v1/dialogues/nope/appointments", body).status_code == 404
    client.force_login(viewer_user)
    assert post(client, url, body).status_code == 403
    client.logout()
    assert post(client, url, body).status_code == 401
    assert not FocalPointAppointment.objects.exists()
    client.force_login(staff_user)
    created = post(client, url, body).json()
    client.force_login(outsider)
    assert client.get(f"/api/v1/appointments/{created['id']}").status_code == 404
    assert (
        post(
            client,
            f"/api/v1/appointments/{created['id']}/end",
            {"ended_on": "2023-01-01", "reason": "x"},
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_bad_appointments_are_400_with_fields(client, rabat):
    client.force_login(rabat["secretariat"])
    url = "/api/v1/dialogues/rabat-process/appointments"
    wrong_state = post(client, url, appointment(rabat["first"], "2021-03-01", country="FR"))
    assert wrong_state.status_code == 400 and "country" in wrong_state.json()["error"]["fields"]
    not_official = post(client, url, appointment(PersonFactory(), "2021-03-01"))
    assert not_official.status_code == 400
    bad_function = post(client, url, appointment(rabat["first"], "2021-03-01", function="chief"))
    assert bad_function.status_code == 400 and "function" in bad_function.json()["error"]["fields"]
    assert not FocalPointAppointment.objects.exists()


# --- Token guessing ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_repeated_invalid_tokens_from_one_address_are_refused_but_valid_ones_still_work(
    client, settings, outsider
):
    cache.clear()
    settings.API_TOKEN_FAILURE_LIMIT = 3
    good = bearer(outsider)
    bad = {"HTTP_AUTHORIZATION": "Bearer shb_typo"}
    for n in range(3):
        response = client.get("/api/v1/tokens", HTTP_AUTHORIZATION=f"Bearer shb_guess{n}")
        assert response.status_code == 401
    blocked = client.get("/api/v1/tokens", HTTP_AUTHORIZATION="Bearer shb_guess4")
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "too_many_attempts"
    assert int(blocked["Retry-After"]) > 0
    # A valid token from the same address still works (the scripts behind a shared address
    # are not locked out by someone else's guesses); further bad ones are still refused.
    assert client.get("/api/v1/tokens", **good).status_code == 200
    assert client.get("/api/v1/tokens", HTTP_AUTHORIZATION="Bearer shb_x").status_code == 429
    # Another address is not affected; anonymous public reads still work.
    assert client.get("/api/v1/tokens", REMOTE_ADDR="10.0.0.9", **bad).status_code == 401
    assert client.get("/api/v1/organisations").status_code == 200
    cache.clear()
    assert client.get("/api/v1/tokens", HTTP_AUTHORIZATION="Bearer shb_x").status_code == 401
