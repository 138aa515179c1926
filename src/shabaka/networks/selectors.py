"""Reads about networks and who belongs to them, including what a viewer may see."""

from django.db.models import Q, QuerySet

from shabaka.accounts.models import Role
from shabaka.accounts.roles import role_set, scope_ids
from shabaka.accounts.rules import is_project_staff
from shabaka.core.visibility import Visibility
from shabaka.networks.models import Membership, MembershipStatus, Network

_CACHE_ATTR = "_shabaka_member_network_ids"


def member_network_ids(user) -> frozenset[int]:
    """Networks the user belongs to: as coordinator, or as editor of an active member
    organisation (and, for a platform, through an active member network). Cached per request."""
    if user is None or not user.is_authenticated or not role_set(user):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        coordinated = scope_ids(user, Role.COORDINATOR, "networks.Network")
        edited = scope_ids(user, Role.ORG_EDITOR, "directory.Organisation")
        direct = set(coordinated)
        if edited:
            direct |= set(
                Membership.objects.filter(
                    organisation_id__in=edited, status=MembershipStatus.ACTIVE
                ).values_list("network_id", flat=True)
            )
        platforms = set()
        if direct:
            platforms = set(
                Membership.objects.filter(
                    member_network_id__in=direct, status=MembershipStatus.ACTIVE
                ).values_list("network_id", flat=True)
            )
        cached = frozenset(direct | platforms)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_membership_cache(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_network_member(user, network: Network) -> bool:
    return network.pk in member_network_ids(user)


def networks_visible_to(user) -> QuerySet[Network]:
    """Every network the user may see; load records through this so a hidden one is a 404."""
    networks = Network.objects.all()
    if is_project_staff(user):
        return networks
    return networks.filter(Q(visibility=Visibility.PUBLIC) | Q(pk__in=member_network_ids(user)))


def memberships_visible_to(user, network: Network) -> QuerySet[Membership]:
    """Memberships of `network` the user may see, with the members themselves visible too."""
    from shabaka.directory.selectors import organisations_visible_to

    memberships = network.memberships.select_related("organisation", "member_network")
    if is_project_staff(user):
        return memberships
    if not is_network_member(user, network):
        memberships = memberships.filter(visibility=Visibility.PUBLIC)
    visible_orgs = organisations_visible_to(user).values("pk")
    visible_networks = networks_visible_to(user).values("pk")
    return memberships.filter(
        Q(organisation__in=visible_orgs) | Q(member_network__in=visible_networks)
    )


def active_member_organisation_ids(network: Network) -> set[int]:
    return set(
        network.memberships.filter(
            status=MembershipStatus.ACTIVE, organisation__isnull=False
        ).values_list("organisation_id", flat=True)
    )


def is_active_member(network: Network, organisation) -> bool:
    return network.memberships.filter(
        organisation=organisation, status=MembershipStatus.ACTIVE
    ).exists()
