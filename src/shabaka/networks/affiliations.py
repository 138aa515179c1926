"""The networks' side of directory.affiliations: what the directory shows of the networks an
organisation belongs to, registered at ready() (NetworksConfig) so that the directory, below
networks, never imports this app."""

from django.db.models import QuerySet

from shabaka.accounts.rules import is_project_staff
from shabaka.core.selectors import localised_name_column
from shabaka.networks.models import (
    CURRENT_STATUSES,
    Membership,
    MembershipRole,
    MembershipStatus,
    NetworkKind,
)
from shabaka.networks.selectors import (
    memberships_visible_to_viewer,
    networks_matching,
    networks_visible_to,
    organisations_in_my_networks,
    visible_network_q,
)


def members_of_named(viewer, text: str) -> QuerySet:
    """Current members of the networks the text names (short name, part of a name or an
    acronym), as the viewer may see them."""
    networks = networks_matching(viewer=viewer, text=text)
    members = memberships_visible_to_viewer(viewer).filter(
        network__in=networks.values("pk"), status=MembershipStatus.ACTIVE
    )
    return members.values("organisation_id")


def network_rows(viewer, organisation_ids: list[int]) -> QuerySet:
    return (
        memberships_visible_to_viewer(viewer)
        .filter(
            visible_network_q(viewer, "network__"),
            status=MembershipStatus.ACTIVE,
            organisation_id__in=organisation_ids,
        )
        .order_by("network__name", "pk")
        .values_list(
            "organisation_id",
            "network__slug",
            "network__acronym",
            "network__name",
            f"network__{localised_name_column()}",
        )
    )


def memberships(viewer, organisation) -> QuerySet:
    """The organisation's memberships the viewer may see, with their networks, for its page:
    current ones only, unless the viewer is staff or edits the organisation."""
    from shabaka.directory.selectors import _edited_ids

    found = memberships_visible_to_viewer(viewer).filter(
        organisation=organisation, network__in=networks_visible_to(viewer)
    )
    if not (is_project_staff(viewer) or organisation.pk in _edited_ids(viewer)):
        found = found.filter(status__in=(MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED))
    return found.select_related("network").order_by("network__name", "-applied_at")


def import_targets(viewer) -> QuerySet:
    return networks_visible_to(viewer).filter(kind=NetworkKind.NETWORK).order_by("name")


def current_memberships(network_id: int, organisation_ids: list[int]) -> dict[int, str]:
    return {
        m.organisation_id: m.get_status_display()
        for m in Membership.objects.filter(
            network_id=network_id,
            organisation_id__in=organisation_ids,
            status__in=CURRENT_STATUSES,
        )
    }


def join(*, network, organisation, coordinator: bool, applied_by, reason: str) -> Membership:
    from shabaka.networks.services import (
        membership_apply,
        membership_approve,
        membership_set_role,
    )

    membership = membership_apply(
        network=network, organisation=organisation, applied_by=applied_by, reason=reason
    )
    membership_approve(membership=membership, decided_by=applied_by, reason=reason)
    if coordinator:
        membership_set_role(
            membership=membership,
            role=MembershipRole.COORDINATOR,
            decided_by=applied_by,
            reason=reason,
        )
    return membership


def register() -> None:
    from shabaka.directory.affiliations import AFFILIATIONS

    AFFILIATIONS.register(
        peers=organisations_in_my_networks,
        members_of_named=members_of_named,
        network_rows=network_rows,
        memberships=memberships,
        import_targets=import_targets,
        current_memberships=current_memberships,
        join=join,
    )
