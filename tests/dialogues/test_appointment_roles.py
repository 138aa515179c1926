"""A focal point's rights follow the appointment: the focal-point role over the dialogue starts
with the appointment and ends with it; a handover ends the predecessor's role and gives the
successor theirs, inviting them (through the email outbox) when they have no account."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from shabaka.accounts.models import AuditEntry, Role, RoleAssignment, User
from shabaka.accounts.roles import has_role
from shabaka.dialogues import services
from shabaka.dialogues.appointment_roles import focal_point_roles_sync_all
from shabaka.jobs.models import OutgoingEmail
from tests.dialogues.conftest import FEB_2022
from tests.factories.accounts import UserFactory
from tests.factories.dialogues import DialogueFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def focal_roles(user):
    return RoleAssignment.objects.filter(user=user, role=Role.FOCAL_POINT)


def audited(obj, action):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), action=action
    ).exists()


def test_an_appointed_person_with_an_account_gets_the_role_over_the_dialogue(appoint, dialogue):
    user = UserFactory()
    person = OfficialFactory(user=user)
    appoint(FEB_2022, person=person)
    assignment = focal_roles(user).get()
    assert assignment.scope == dialogue
    assert has_role(User.objects.get(pk=user.pk), Role.FOCAL_POINT, dialogue)
    assert not has_role(User.objects.get(pk=user.pk), Role.FOCAL_POINT, DialogueFactory())
    assert audited(assignment, "create")


def test_a_person_without_an_account_is_invited_and_given_the_role(appoint, staff_user):
    person = OfficialFactory(email="new.focal@gov.example")
    appoint(FEB_2022, person=person)
    person.refresh_from_db()
    user = person.user
    assert user is not None and user.email == "new.focal@gov.example"
    assert not user.has_usable_password()  # chooses one through the invitation
    assert user.invited_by == staff_user
    assert focal_roles(user).count() == 1
    email = OutgoingEmail.objects.get(recipient="new.focal@gov.example")
    assert "/accounts/invitation/" in email.body
    assert audited(person, "update")


def test_an_existing_account_with_the_persons_email_is_linked_not_invited_again(appoint):
    user = UserFactory(email="known@gov.example")
    person = OfficialFactory(email="Known@gov.example")
    appoint(FEB_2022, person=person)
    person.refresh_from_db()
    assert person.user == user
    assert focal_roles(user).count() == 1
    assert not OutgoingEmail.objects.filter(recipient__iexact="known@gov.example").exists()


def test_the_handover_ends_the_predecessors_role_and_invites_the_successor(appoint, staff_user):
    predecessor = UserFactory()
    appoint(date(2017, 3, 1), person=OfficialFactory(user=predecessor))
    assert focal_roles(predecessor).count() == 1
    successor = OfficialFactory(email="successor@gov.example")
    appoint(FEB_2022, person=successor)
    assert not focal_roles(predecessor).exists()
    assert AuditEntry.objects.filter(
        action="delete", reason="focal point appointment ended", actor=staff_user
    ).exists()
    successor.refresh_from_db()
    assert focal_roles(successor.user).count() == 1
    assert OutgoingEmail.objects.filter(recipient="successor@gov.example").exists()


def test_ending_an_appointment_ends_the_role(appoint, staff_user):
    user = UserFactory()
    appointment = appoint(FEB_2022, person=OfficialFactory(user=user))
    services.appointment_end(
        appointment=appointment, ended_on=date(2023, 1, 1), reason="Resigned", ended_by=staff_user
    )
    assert not focal_roles(user).exists()


def test_a_person_appointed_to_two_dialogues_keeps_the_other_role(appoint, libya):
    from tests.factories.dialogues import PartnerStateFactory

    user = UserFactory()
    person = OfficialFactory(user=user)
    khartoum = DialogueFactory(short_name="Khartoum Process", slug="khartoum-process")
    PartnerStateFactory(dialogue=khartoum, country=libya)
    appoint(date(2017, 3, 1), person=person)
    appoint(date(2017, 3, 1), person=person, dialogue=khartoum)
    appoint(FEB_2022)  # a successor in the first dialogue only
    assert [a.scope for a in focal_roles(user)] == [khartoum]


def test_a_platform_wide_focal_point_role_is_left_alone(appoint, make_user):
    user = make_user(Role.FOCAL_POINT)
    appoint(date(2017, 3, 1), person=OfficialFactory(user=user))
    appoint(FEB_2022)
    assert focal_roles(user).filter(scope_type__isnull=True).count() == 1
    assert focal_roles(user).count() == 1


def test_a_future_appointment_gives_the_role_on_its_start_date(appoint, dialogue):
    user = UserFactory()
    today = timezone.localdate()
    appoint(today + timedelta(days=10), person=OfficialFactory(user=user))
    assert not focal_roles(user).exists()
    assert focal_point_roles_sync_all() == 0
    # Ten days later, the daily pass gives it.
    from unittest import mock

    with mock.patch.object(timezone, "localdate", return_value=today + timedelta(days=10)):
        assert focal_point_roles_sync_all() == 1
    assert focal_roles(user).get().scope == dialogue


def test_the_daily_pass_takes_a_role_whose_appointments_have_all_ended(appoint, dialogue):
    user = UserFactory()
    appoint(FEB_2022, person=OfficialFactory(user=user))
    # An administrator's grant outside an appointment is left alone.
    other = UserFactory()
    RoleAssignment.objects.create(
        user=other,
        role=Role.FOCAL_POINT,
        scope_type=ContentType.objects.get_for_model(dialogue),
        scope_id=dialogue.pk,
    )
    assert focal_point_roles_sync_all() == 0
    from shabaka.dialogues.models import FocalPointAppointment

    FocalPointAppointment.objects.filter(person__user=user).update(
        status="ended", ended_on=date(2023, 1, 1)
    )
    assert focal_point_roles_sync_all() == 1
    assert not focal_roles(user).exists()
    assert focal_roles(other).exists()
