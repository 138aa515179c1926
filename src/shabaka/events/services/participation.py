"""Participants (beyond nominations: speakers, facilitators, organisers) and daily attendance."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_deleted, audit_snapshot, audit_updated
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.events.models import (
    Attendance,
    AttendanceMode,
    EventStatus,
    Participation,
    ParticipationRole,
)


@transaction.atomic
def participation_add(
    *,
    event,
    person,
    added_by,
    role: str = ParticipationRole.PARTICIPANT,
    organisation=None,
    network=None,
) -> Participation:
    if role not in ParticipationRole.values:
        raise Refused(_("Unknown role."), field="role")
    if event.status == EventStatus.CANCELLED:
        raise InvalidTransition(_("This event was cancelled."))
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                event=event,
                person=person,
                role=role,
                organisation=organisation or person.organisation,
                network=network,
            )
    except IntegrityError:
        raise Refused(
            _("%(person)s already takes part in this event.") % {"person": person}, field="person"
        ) from None
    audit_created(actor=added_by, obj=participation)
    return participation


@transaction.atomic
def participation_set_role(*, participation: Participation, role: str, changed_by):
    if role not in ParticipationRole.values:
        raise Refused(_("Unknown role."), field="role")
    locked = Participation.objects.select_for_update().get(pk=participation.pk)
    before = audit_snapshot(locked, ["role"])
    locked.role = role
    locked.save(update_fields=["role"])
    audit_updated(actor=changed_by, obj=locked, before=before)
    return locked


def _check_day(participation: Participation, day: date) -> None:
    event = participation.event
    if event.status == EventStatus.CANCELLED:
        raise InvalidTransition(_("This event was cancelled."))
    if day not in event.days:
        raise Refused(
            _("%(day)s is not a day of this event.") % {"day": day.isoformat()}, field="day"
        )
    if day > timezone.now().astimezone(event.zone).date():
        raise Refused(_("Attendance is recorded on the day or afterwards."), field="day")


@transaction.atomic
def attendance_record(
    *, participation: Participation, day: date, mode: str, recorded_by
) -> Attendance:
    """Marks the participant present on `day` (in the event's time zone), in person or online."""
    if mode not in AttendanceMode.values:
        raise Refused(_("Say whether the participant attended in person or online."), field="mode")
    participation = Participation.objects.select_related("event").get(pk=participation.pk)
    _check_day(participation, day)
    existing = (
        Attendance.objects.select_for_update().filter(participation=participation, day=day).first()
    )
    if existing is None:
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    participation=participation, day=day, mode=mode
                )
        except IntegrityError:
            raise Refused(_("Attendance for this day was just recorded by someone else.")) from None
        audit_created(actor=recorded_by, obj=attendance)
        return attendance
    before = audit_snapshot(existing, ["mode"])
    existing.mode = mode
    existing.save(update_fields=["mode"])
    audit_updated(actor=recorded_by, obj=existing, before=before)
    return existing


@transaction.atomic
def attendance_clear(*, participation: Participation, day: date, cleared_by) -> None:
    existing = Attendance.objects.filter(participation=participation, day=day).first()
    if existing is not None:
        audit_deleted(actor=cleared_by, obj=existing)
        existing.delete()
