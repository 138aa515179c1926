"""Writes on a dialogue's meetings, the states' delegations to them, and the introductory
briefing of a focal point. Permission-free like every service: callers ask dialogues.rules
first. Every write is audited in its transaction. Re-exported by dialogues.services."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shabaka.accounts.audit import audit_created, audit_snapshot, audit_updated
from shabaka.core.errors import InvalidTransition, Refused
from shabaka.dialogues.models import (
    AppointmentStatus,
    DelegateRole,
    Delegation,
    DelegationMember,
    Dialogue,
    DialogueMeeting,
    FocalPointAppointment,
    HandoverItem,
    PartnerState,
    PartnerStatus,
)
from shabaka.directory.models import Country, Person

# --- Meetings -------------------------------------------------------------------------------


@transaction.atomic
def meeting_link(*, dialogue: Dialogue, event, linked_by, note: str = "") -> DialogueMeeting:
    """Links an event to a dialogue as one of its meetings (a "dialogue meeting", or a related
    event such as a workshop for its focal points). Linking twice keeps the first link."""
    from shabaka.events.models import EventStatus

    if event.status == EventStatus.CANCELLED:
        raise Refused(_("A cancelled event cannot be recorded as a meeting."), field="event")
    existing = DialogueMeeting.objects.filter(dialogue=dialogue, event=event).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            meeting = DialogueMeeting.objects.create(
                dialogue=dialogue, event=event, note=note.strip()[:300], linked_by=linked_by
            )
    except IntegrityError:
        return DialogueMeeting.objects.get(dialogue=dialogue, event=event)
    audit_created(actor=linked_by, obj=meeting)
    return meeting


# --- Delegations ----------------------------------------------------------------------------


def _check_state_takes_part(event, country: Country) -> None:
    dialogue_ids = list(
        DialogueMeeting.objects.filter(event=event).values_list("dialogue_id", flat=True)
    )
    if not dialogue_ids:
        raise Refused(
            _("This event is not a meeting of any dialogue: link it to a dialogue first."),
            field="event",
        )
    if (
        not PartnerState.objects.filter(dialogue_id__in=dialogue_ids, country=country)
        .exclude(status=PartnerStatus.WITHDRAWN)
        .exists()
    ):
        raise Refused(
            _("%(country)s takes part in none of the dialogues this meeting belongs to.")
            % {"country": country},
            field="country",
        )


@transaction.atomic
def delegation_create(
    *, event, country: Country, created_by, head: Person | None = None, note: str = ""
) -> Delegation:
    """A state's delegation to a meeting (one per meeting and state). The head, if given,
    is also recorded as a member with the role "head of delegation"."""
    _check_state_takes_part(event, country)
    if Delegation.objects.filter(event=event, country=country).exists():
        raise Refused(
            _("%(country)s already has a delegation to this meeting.") % {"country": country},
            field="country",
        )
    try:
        with transaction.atomic():
            delegation = Delegation.objects.create(
                event=event, country=country, head=head, note=note.strip()[:300],
                created_by=created_by,
            )  # fmt: skip
    except IntegrityError:
        raise Refused(
            _("%(country)s already has a delegation to this meeting.") % {"country": country},
            field="country",
        ) from None
    audit_created(actor=created_by, obj=delegation)
    if head is not None:
        delegation_add_member(
            delegation=delegation, person=head, role=DelegateRole.HEAD, added_by=created_by
        )
    return delegation


def _nomination_for(delegation: Delegation, person: Person, nomination):
    """The state's nomination of `person` to the meeting: the one given (checked), else the
    one found in the state's invitation, if any."""
    from shabaka.events.models import Nomination, NominationStatus

    state_nominations = Nomination.objects.filter(
        event_id=delegation.event_id,
        invitation__country_id=delegation.country_id,
        person=person,
    ).exclude(status__in=[NominationStatus.DECLINED, NominationStatus.WITHDRAWN])
    if nomination is not None:
        if not state_nominations.filter(pk=nomination.pk).exists():
            raise Refused(
                _("This nomination is not the state's nomination of this person to this meeting."),
                field="nomination",
            )
        return nomination
    return state_nominations.order_by("-id").first()


@transaction.atomic
def delegation_add_member(
    *,
    delegation: Delegation,
    person: Person,
    added_by,
    role: str = DelegateRole.DELEGATE,
    nomination=None,
) -> DelegationMember:
    """Adds `person` to the delegation in `role`, linked to the state's nomination of them to
    the meeting (found when not given). A second head, or the same person twice, is refused."""
    if role not in DelegateRole.values:
        raise Refused(_("Unknown role."), field="role")
    locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if locked.members.filter(person=person).exists():
        raise Refused(_("This person is already in the delegation."), field="person")
    if role == DelegateRole.HEAD:
        if locked.members.filter(role=DelegateRole.HEAD).exists():
            raise Refused(_("The delegation already has a head."), field="role")
        if locked.head_id is not None and locked.head_id != person.pk:
            raise Refused(_("The delegation already has a head."), field="role")
    nomination = _nomination_for(locked, person, nomination)
    if nomination is not None and DelegationMember.objects.filter(nomination=nomination).exists():
        nomination = None  # already linked elsewhere: keep the first link
    member = DelegationMember.objects.create(
        delegation=locked, person=person, role=role, nomination=nomination, added_by=added_by
    )
    audit_created(actor=added_by, obj=member)
    if role == DelegateRole.HEAD and locked.head_id is None:
        before = audit_snapshot(locked, ["head"])
        locked.head = person
        locked.save(update_fields=["head"])
        audit_updated(actor=added_by, obj=locked, before=before)
        delegation.head = person
    return member


# --- Focal points' introductory briefing ----------------------------------------------------


@transaction.atomic
def appointment_link_briefing(
    *, appointment: FocalPointAppointment, event, linked_by
) -> FocalPointAppointment:
    """Records `event` as the focal point's introductory briefing and ticks the checklist's
    briefing item with the event's (local) first day."""
    from shabaka.dialogues.services import handover_tick
    from shabaka.events.models import EventStatus

    locked = FocalPointAppointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.status != AppointmentStatus.APPOINTED:
        raise InvalidTransition(_("This appointment has ended; its handover checklist is closed."))
    if event.status == EventStatus.CANCELLED:
        raise Refused(_("A cancelled event cannot be the briefing."), field="event")
    if event.end_date < locked.started_on:
        raise Refused(
            _("The briefing cannot have ended before the appointment started (%(date)s).")
            % {"date": locked.started_on.isoformat()},
            field="event",
        )
    before = audit_snapshot(locked, ["briefing_event"])
    locked.briefing_event = event
    locked.save(update_fields=["briefing_event", "updated_at"])
    audit_updated(actor=linked_by, obj=locked, before=before, reason="briefing")
    handover_tick(
        appointment=locked,
        item=HandoverItem.BRIEFING,
        done_by=linked_by,
        done_on=event.start_date,
        note=str(event.title)[:300],
    )
    appointment.refresh_from_db()
    return appointment
