"""Who may do what with networks and memberships."""

import rules

from shabaka.accounts.rules import is_coordinator_of, is_editor_of, is_project_staff, is_signed_in
from shabaka.core.visibility import Visibility


@rules.predicate
def is_member_of(user, network) -> bool:
    from shabaka.networks.selectors import is_network_member

    return network is not None and is_network_member(user, network)


@rules.predicate
def is_public_network(user, network) -> bool:
    return network is not None and network.visibility == Visibility.PUBLIC


@rules.predicate
def edits_the_member(user, membership) -> bool:
    return (
        membership is not None
        and membership.organisation_id is not None
        and is_editor_of(user, membership.organisation)
    )


@rules.predicate
def coordinates_the_membership_network(user, membership) -> bool:
    return membership is not None and is_coordinator_of(user, membership.network)


@rules.predicate
def coordinates_the_member_network(user, membership) -> bool:
    return (
        membership is not None
        and membership.member_network_id is not None
        and is_coordinator_of(user, membership.member_network)
    )


can_see_network = is_project_staff | is_public_network | is_member_of
can_manage_network = is_project_staff | is_coordinator_of

rules.add_perm("networks.view_network", can_see_network)
rules.add_perm("networks.change_network", can_manage_network)
rules.add_perm("networks.manage_members", can_manage_network)
rules.add_perm("networks.add_network", is_project_staff)
# Applying: checked on the organisation (its editor) or the member network (its coordinator).
rules.add_perm("networks.apply_for_organisation", is_signed_in & (is_project_staff | is_editor_of))
rules.add_perm("networks.apply_for_network", is_signed_in & (is_project_staff | is_coordinator_of))
rules.add_perm("networks.decide_membership", is_project_staff | coordinates_the_membership_network)
rules.add_perm(
    "networks.leave_membership",
    is_project_staff
    | coordinates_the_membership_network
    | edits_the_member
    | coordinates_the_member_network,
)
