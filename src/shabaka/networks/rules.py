"""Who may do what with networks and memberships."""

import rules

from shabaka.accounts.rules import is_coordinator_of, is_editor_of, is_project_staff, is_signed_in


@rules.predicate
def is_member_of(user, network) -> bool:
    from shabaka.networks.selectors import is_network_member

    return network is not None and is_network_member(user, network)


@rules.predicate
def can_see_network(user, network) -> bool:
    """networks.selectors.NETWORKS decides, the same condition its queryset filters on."""
    from shabaka.networks.selectors import NETWORKS

    return NETWORKS.can_see(user, network)


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


@rules.predicate
def drafts_the_code(user, code) -> bool:
    """Coordinators of the network the code was drafted for, or of a network that adopted it."""
    if code is None:
        return False
    from shabaka.accounts.models import Role
    from shabaka.accounts.roles import scope_ids

    coordinated = scope_ids(user, Role.COORDINATOR, "networks.Network")
    if not coordinated:
        return False
    if code.started_by_network_id in coordinated:
        return True
    from shabaka.networks.models import CodeAdoption

    return CodeAdoption.objects.filter(version__code=code, network_id__in=coordinated).exists()


@rules.predicate
def coordinates_a_network(user) -> bool:
    from shabaka.accounts.models import Role
    from shabaka.accounts.roles import has_role

    return has_role(user, Role.COORDINATOR)


# Codes of Conduct: drafting (a shared code), adopting (per network), endorsing (per member).
rules.add_perm("networks.add_code", is_project_staff | coordinates_a_network)
rules.add_perm("networks.draft_code", is_project_staff | drafts_the_code)
rules.add_perm("networks.adopt_code", can_manage_network)
rules.add_perm("networks.endorse_code", is_project_staff | edits_the_member)
