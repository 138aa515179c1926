"""Who may do what with events, invitations, nominations, attendance and feedback."""

import rules

from shabaka.accounts.models import Role
from shabaka.accounts.roles import has_role, scope_ids
from shabaka.accounts.rules import (
    is_coordinator_of,
    is_editor_of,
    is_focal_point,
    is_platform_admin,
    is_project_staff,
    is_signed_in,
)
from shabaka.networks.rules import is_member_of


@rules.predicate
def edits_an_organiser(user, event) -> bool:
    """An editor of one of the event's organiser organisations organises it too."""
    if event is None or not is_signed_in(user):
        return False
    edited = scope_ids(user, Role.ORG_EDITOR, "directory.Organisation")
    if not edited:
        return False
    # The organisers prefetched with the event when a page asks this for many rows (the
    # console); otherwise one query.
    return any(organiser.pk in edited for organiser in event.organisers.all())


organises = is_project_staff | edits_an_organiser


@rules.predicate
def coordinates_the_body(user, invitation) -> bool:
    """The one who nominates for the invited body: the network's coordinator, the
    organisation's editor, or for a state its focal point (project staff may always)."""
    if invitation is None:
        return False
    if invitation.network_id:
        return is_coordinator_of(user, invitation.network)
    if invitation.organisation_id:
        return is_editor_of(user, invitation.organisation)
    return is_focal_point(user)


@rules.predicate
def belongs_to_the_body(user, invitation) -> bool:
    """A member of the invited body, who may propose candidates."""
    if invitation is None:
        return False
    if invitation.network_id:
        return is_member_of(user, invitation.network)
    if invitation.organisation_id:
        return is_editor_of(user, invitation.organisation)
    return is_focal_point(user) or has_role(user, Role.SECRETARIAT)


@rules.predicate
def organises_the_invitation_event(user, invitation) -> bool:
    return invitation is not None and organises(user, invitation.event)


@rules.predicate
def organises_the_nomination_event(user, nomination) -> bool:
    return nomination is not None and organises(user, nomination.event)


@rules.predicate
def coordinates_the_nominating_body(user, nomination) -> bool:
    return nomination is not None and coordinates_the_body(user, nomination.invitation)


nominates = is_project_staff | coordinates_the_body

rules.add_perm("events.add_event", is_project_staff)
rules.add_perm("events.change_event", organises)
rules.add_perm("events.manage_event", organises)
# Names of participants and nominees: the organisers only; everyone else sees counts.
rules.add_perm("events.view_participants", organises)
rules.add_perm(
    "events.view_invitation", nominates | belongs_to_the_body | organises_the_invitation_event
)
rules.add_perm("events.propose_candidate", nominates | belongs_to_the_body)
rules.add_perm("events.nominate", nominates)
rules.add_perm("events.decide_nomination", organises_the_nomination_event)
rules.add_perm(
    "events.withdraw_nomination",
    is_project_staff | coordinates_the_nominating_body | organises_the_nomination_event,
)
rules.add_perm("events.view_feedback_results", organises)
# Who answered what: platform administrators only.
rules.add_perm("events.view_feedback_respondents", is_platform_admin)
