"""A focal point's rights follow the appointment: the role (accounts Role.FOCAL_POINT over the
dialogue) starts when the appointment starts and ends when it ends, including at a handover to a
successor. A person with no account is invited (accounts.user_invite: the email goes through the
outbox) when their appointment starts; one whose email already has an account is linked to it.

Only the dialogue-scoped role is managed here, for the person's own account: a platform-wide
focal-point role given by an administrator is left alone. Every change is audited by the
accounts services (role_grant, role_revoke, user_invite) and here (linking a person to an
account). A daily schedule catches appointments that start or end on a later date."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from shabaka.accounts.audit import audit_snapshot, audit_updated
from shabaka.accounts.models import Role, RoleAssignment, User
from shabaka.accounts.services import role_grant, role_revoke, user_invite
from shabaka.dialogues.models import AppointmentStatus, Dialogue, FocalPointAppointment
from shabaka.directory.models import Person

log = logging.getLogger(__name__)


def _current(appointments, today):
    return appointments.filter(status=AppointmentStatus.APPOINTED, started_on__lte=today)


def _account_for(person: Person, *, by) -> User | None:
    """The person's account: linked already, found by email, or created by an invitation.
    None when the person has no email (no one to invite) or the email's account is another
    person's."""
    if person.user_id is not None:
        return person.user
    if not person.email.strip():
        log.info("Focal point %s has no email: no account to give the role to.", person.pk)
        return None
    user = User.objects.filter(email__iexact=person.email.strip()).first()
    if user is None:
        user = user_invite(email=person.email, full_name=person.full_name, invited_by=by)
    elif Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        return None
    before = audit_snapshot(person, ["user"])
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    audit_updated(actor=by, obj=person, before=before, reason="focal point appointment")
    return user


@transaction.atomic
def focal_point_role_sync(*, appointment: FocalPointAppointment, by) -> RoleAssignment | None:
    """Gives or takes the focal-point role over the appointment's dialogue so that the
    appointment's person holds it exactly while they hold an appointment to that dialogue.
    Returns the assignment held afterwards, if any."""
    today = timezone.localdate()
    person = appointment.person
    dialogue = appointment.dialogue
    appointments = FocalPointAppointment.objects.filter(person=person, dialogue=dialogue)
    serving = _current(appointments, today).exists()
    user = _account_for(person, by=by) if serving else person.user
    if user is None:
        return None
    scope_type = ContentType.objects.get_for_model(Dialogue)
    held = RoleAssignment.objects.filter(
        user=user, role=Role.FOCAL_POINT, scope_type=scope_type, scope_id=dialogue.pk
    ).first()
    if serving and held is None:
        return role_grant(user=user, role=Role.FOCAL_POINT, scope=dialogue, granted_by=by)
    if not serving and held is not None:
        role_revoke(assignment=held, revoked_by=by, reason="focal point appointment ended")
        return None
    return held


def focal_point_roles_sync_all() -> int:
    """The daily pass: appointments that started since (role given) and focal-point roles whose
    holder's appointments to that dialogue have all ended (role taken). Returns the changes."""
    today = timezone.localdate()
    scope_type = ContentType.objects.get_for_model(Dialogue)
    roles = RoleAssignment.objects.filter(role=Role.FOCAL_POINT, scope_type=scope_type)
    held = set(roles.values_list("user_id", "scope_id"))
    changes = 0
    current = _current(FocalPointAppointment.objects.all(), today).select_related(
        "person", "dialogue"
    )
    for appointment in current:
        if (appointment.person.user_id, appointment.dialogue_id) in held:
            continue
        if focal_point_role_sync(appointment=appointment, by=None) is not None:
            changes += 1
    for assignment in roles.filter(user__person__isnull=False).select_related("user__person"):
        appointments = FocalPointAppointment.objects.filter(
            person=assignment.user.person, dialogue_id=assignment.scope_id
        )
        # Only roles that came with an appointment follow appointments.
        if appointments.exists() and not _current(appointments, today).exists():
            role_revoke(
                assignment=assignment, revoked_by=None, reason="focal point appointment ended"
            )
            changes += 1
    return changes
