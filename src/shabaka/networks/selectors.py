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


def visible_network_q(user, path: str = "") -> Q:
    """The rule of networks_visible_to as a condition on networks reached through `path` (e.g.
    "network__"), so a query joins instead of listing every visible network in a subquery."""
    if is_project_staff(user):
        return Q()
    return Q(**{f"{path}visibility": Visibility.PUBLIC}) | Q(
        **{f"{path}pk__in": member_network_ids(user)}
    )


def networks_visible_to(user) -> QuerySet[Network]:
    """Every network the user may see; load records through this so a hidden one is a 404."""
    return Network.objects.filter(visible_network_q(user))


def memberships_visible_to_viewer(user, network: Network | None = None) -> QuerySet[Membership]:
    """Memberships the user may see (of one network, or of all): public memberships of visible
    networks and visible members; members-only ones to the network's members and to the member
    organisation's editors; everything to staff."""
    from shabaka.directory.selectors import _edited_ids, visible_organisation_q

    memberships = (network.memberships if network is not None else Membership.objects).all()
    memberships = memberships.select_related("organisation", "member_network")
    if is_project_staff(user):
        return memberships
    mine = member_network_ids(user)
    edited = _edited_ids(user)
    memberships = memberships.filter(
        Q(visibility=Visibility.PUBLIC)
        | Q(visibility=Visibility.MEMBERS, network_id__in=mine)
        | Q(organisation_id__in=edited)
    )
    # Conditions on the joined member, not `organisation__in=<every visible organisation>`:
    # that subquery was read in full for each page and grew with the directory.
    memberships = memberships.filter(
        (Q(organisation__isnull=False) & visible_organisation_q(user, "organisation__"))
        | (Q(member_network__isnull=False) & visible_network_q(user, "member_network__"))
    )
    if network is None:
        memberships = memberships.filter(visible_network_q(user, "network__"))
    return memberships


def memberships_visible_to(user, network: Network) -> QuerySet[Membership]:
    """Memberships of `network` the user may see, with the members themselves visible too."""
    return memberships_visible_to_viewer(user, network)


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


def network_directory(*, viewer, filters: dict | None = None) -> QuerySet[Network]:
    """The networks list: visible networks, filtered by kind, status, place and topic, with
    what the list shows prefetched and member counts annotated (a fixed number of queries)."""
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    filters = filters or {}
    networks = networks_visible_to(viewer).select_related("country")
    if filters.get("kind"):
        networks = networks.filter(kind=filters["kind"])
    if filters.get("status"):
        networks = networks.filter(status=filters["status"])
    if filters.get("place"):
        place = filters["place"]
        covered = Network.places.through.objects.filter(
            Q(place=place) | Q(place__parent=place) | Q(place__parent__parent=place)
        )
        networks = networks.filter(pk__in=covered.values("network_id"))
    if filters.get("topic"):
        tagged = Network.topics.through.objects.filter(topic=filters["topic"])
        networks = networks.filter(pk__in=tagged.values("network_id"))
    # A correlated count per network (read from the (network, status) index) rather than a
    # join and GROUP BY over every membership: the page's COUNT then drops it altogether.
    active = (
        Membership.objects.filter(network=OuterRef("pk"), status=MembershipStatus.ACTIVE)
        .order_by()
        .values("network")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        networks.order_by("kind", "name")
        .annotate(active_members=Coalesce(Subquery(active), 0))
        .prefetch_related("places")
    )


def network_sections(*, network: Network, viewer) -> list[dict]:
    """Blocks other apps add to a network's page (its action plan, its events...): an app with a
    `network_page` module whose `network_section(network=..., viewer=...)` returns
    {"template": ..., **context} or None. Rendered in the page's "sections" slot."""
    import importlib
    import importlib.util

    from django.apps import apps

    sections = []
    for app in apps.get_app_configs():
        name = f"{app.name}.network_page"
        if not app.name.startswith("shabaka.") or importlib.util.find_spec(name) is None:
            continue
        section = importlib.import_module(name).network_section(network=network, viewer=viewer)
        if section:
            sections.append(section)
    return sections


def network_page(*, viewer, network: Network) -> dict:
    """Everything a network's page shows, in a fixed number of queries: members (as the viewer
    may see them), pending applications and past members (to those who manage the network),
    the code of conduct in force and who endorsed it, the platforms it belongs to."""
    from shabaka.networks.models import CodeAdoption, Endorsement, EndorsementStatus

    manager = viewer.has_perm("networks.manage_members", network)
    memberships = list(
        memberships_visible_to(viewer, network)
        .select_related("organisation__country")
        .order_by("role", "organisation__normalised_name", "member_network__name")
    )
    adoption = (
        CodeAdoption.objects.filter(network=network, replaced_at__isnull=True)
        .select_related("version__code", "adopted_by")
        .prefetch_related("version__texts")
        .first()
    )
    endorsed = {}
    if adoption is not None:
        endorsed = {
            e.membership_id: e
            for e in Endorsement.objects.filter(
                membership__network=network, version_id=adoption.version_id
            )
        }
    renewal = (
        set(
            Endorsement.objects.filter(
                membership__network=network, status=EndorsementStatus.RENEWAL_NEEDED
            ).values_list("membership_id", flat=True)
        )
        if adoption is not None
        else set()
    )
    current, applications, past = [], [], []
    for membership in memberships:
        membership.endorsement = endorsed.get(membership.pk)
        membership.renewal_needed = membership.pk in renewal and membership.endorsement is None
        if membership.status in (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED):
            if membership.status == MembershipStatus.ACTIVE or manager:
                current.append(membership)
        elif membership.status == MembershipStatus.APPLIED:
            if manager:
                applications.append(membership)
        elif manager:
            past.append(membership)
    active = [m for m in current if m.status == MembershipStatus.ACTIVE]
    platforms = (
        memberships_visible_to_viewer(viewer)
        .filter(member_network=network, status=MembershipStatus.ACTIVE)
        .select_related("network")
    )
    return {
        "network": network,
        "memberships": current,
        "applications": applications,
        "past_memberships": past,
        "adoption": adoption,
        "endorsed_count": sum(1 for m in active if m.endorsement is not None),
        "active_count": len(active),
        "platforms": [m.network for m in platforms],
        "places": list(network.places.all()),
        "topics": list(network.topics.all()),
        "adoption_history": list(
            CodeAdoption.objects.filter(network=network, replaced_at__isnull=False)
            .select_related("version__code")
            .order_by("-adopted_on")
        ),
        "manager": manager,
        "network_sections": network_sections(network=network, viewer=viewer),
    }
