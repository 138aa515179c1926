"""Who may do what with dialogues, appointments and framework tags.

Focal points' names are personal data: staff, administrators, the dialogue's secretariat and
focal points see them; everyone else sees the function only."""

import rules

from shabaka.accounts.models import Role
from shabaka.accounts.roles import has_role
from shabaka.accounts.rules import is_project_staff, is_signed_in


@rules.predicate
def is_secretariat_of(user, dialogue) -> bool:
    """Secretariat of this dialogue (or platform-wide); without a dialogue, of any."""
    if dialogue is None:
        return has_role(user, Role.SECRETARIAT)
    return has_role(user, Role.SECRETARIAT, dialogue)


@rules.predicate
def is_focal_point_of(user, dialogue) -> bool:
    if dialogue is None:
        return has_role(user, Role.FOCAL_POINT)
    return has_role(user, Role.FOCAL_POINT, dialogue)


@rules.predicate
def is_the_appointee(user, appointment) -> bool:
    return (
        appointment is not None
        and user.is_authenticated
        and appointment.person.user_id is not None
        and appointment.person.user_id == user.pk
    )


@rules.predicate
def secretariat_of_the_appointment(user, appointment) -> bool:
    return appointment is not None and has_role(user, Role.SECRETARIAT, appointment.dialogue)


@rules.predicate
def focal_point_of_the_appointment(user, appointment) -> bool:
    return appointment is not None and has_role(user, Role.FOCAL_POINT, appointment.dialogue)


can_see_names = is_signed_in & (is_project_staff | is_secretariat_of | is_focal_point_of)
can_manage_dialogue = is_signed_in & (is_project_staff | is_secretariat_of)

# Object: a Dialogue (or None for "any dialogue").
rules.add_perm("dialogues.view_focal_point_names", can_see_names)
rules.add_perm("dialogues.appoint_focal_point", can_manage_dialogue)
rules.add_perm("dialogues.manage_partner_states", can_manage_dialogue)
# Object: a FocalPointAppointment.
rules.add_perm(
    "dialogues.view_appointment",
    is_signed_in
    & (
        is_project_staff
        | secretariat_of_the_appointment
        | focal_point_of_the_appointment
        | is_the_appointee
    ),
)
rules.add_perm(
    "dialogues.tick_handover",
    is_signed_in & (is_project_staff | secretariat_of_the_appointment | is_the_appointee),
)
rules.add_perm(
    "dialogues.end_appointment",
    is_signed_in & (is_project_staff | secretariat_of_the_appointment),
)
# Tagging projects, activities and events with framework items.
rules.add_perm("dialogues.tag_records", is_signed_in & is_project_staff)


def _event_dialogues(event):
    if event is None:
        return []
    cached = getattr(event, "_dialogues_cache", None)
    if cached is None:
        from shabaka.dialogues.models import Dialogue

        cached = list(Dialogue.objects.filter(meeting_links__event=event))
        event._dialogues_cache = cached
    return cached


@rules.predicate
def secretariat_of_the_meeting(user, event) -> bool:
    """Secretariat of one of the dialogues the meeting (an events.Event) belongs to."""
    return any(has_role(user, Role.SECRETARIAT, d) for d in _event_dialogues(event))


@rules.predicate
def focal_point_of_the_meeting(user, event) -> bool:
    return any(has_role(user, Role.FOCAL_POINT, d) for d in _event_dialogues(event))


# Object: a Dialogue. Linking its meetings.
rules.add_perm("dialogues.manage_meetings", can_manage_dialogue)
# Object: an events.Event linked to dialogues. Delegations to it, and who sees their names.
rules.add_perm(
    "dialogues.manage_delegations", is_signed_in & (is_project_staff | secretariat_of_the_meeting)
)
rules.add_perm(
    "dialogues.view_delegation_names",
    is_signed_in & (is_project_staff | secretariat_of_the_meeting | focal_point_of_the_meeting),
)
# Object: a FocalPointAppointment. Recording the introductory briefing (an event).
rules.add_perm(
    "dialogues.link_briefing", is_signed_in & (is_project_staff | secretariat_of_the_appointment)
)
