"""Reads about networks and who belongs to them, including what a viewer may see."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from shabaka.accounts.models import Role
from shabaka.accounts.roles import role_set, scope_ids
from shabaka.accounts.rules import is_project_staff
from shabaka.core.links import link_maker
from shabaka.core.selectors import localised_name_column
from shabaka.core.visibility import RecordVisibility, Visibility
from shabaka.networks.models import CURRENT_STATUSES, Membership, MembershipStatus, Network

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


NETWORKS = RecordVisibility("networks.Network", visible_network_q)


def organisations_in_my_networks(user) -> QuerySet | None:
    """The ids of the organisations with a current membership in a network the user belongs
    to, as a subquery, or None when the user belongs to none."""
    networks = member_network_ids(user)
    if not networks:
        return None
    return Membership.objects.filter(
        network_id__in=networks, status__in=CURRENT_STATUSES, organisation__isnull=False
    ).values("organisation_id")


def members_see_their_networks_organisations(user, path: str = "") -> Q | None:
    """Widens directory.selectors.ORGANISATIONS: the members of a network see the unlisted
    (members-only) organisations with a current membership in it, never the staff-only ones.
    A subquery, not a join: no duplicates, no DISTINCT needed."""
    in_my_networks = organisations_in_my_networks(user)
    if in_my_networks is None:
        return None
    return Q(**{f"{path}visibility": Visibility.MEMBERS, f"{path}pk__in": in_my_networks})


def networks_visible_to(user) -> QuerySet[Network]:
    """Every network the user may see; load records through this so a hidden one is a 404."""
    return NETWORKS.queryset(user)


def networks_matching(*, viewer, text: str) -> QuerySet:
    """The networks the viewer may see whose short name is `text` or whose name (in any
    language) or acronym contains it."""
    text = text.strip()
    return networks_visible_to(viewer).filter(
        Q(slug=text)
        | Q(acronym__icontains=text)
        | Q(name__icontains=text)
        | Q(name_en__icontains=text)
        | Q(name_ar__icontains=text)
        | Q(name_fr__icontains=text)
    )


def memberships_visible_to_viewer(
    user, network: Network | None = None, *, network_id: int | None = None
) -> QuerySet[Membership]:
    """Memberships the user may see (of one network, given or by id, or of all): public
    memberships of visible networks and visible members; members-only ones to the network's
    members and to the member organisation's editors; everything to staff."""
    from shabaka.directory.selectors import _edited_ids, visible_organisation_q

    if network is not None:
        memberships = network.memberships.all()
    elif network_id is not None:
        memberships = Membership.objects.filter(network_id=network_id)
    else:
        memberships = Membership.objects.all()
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
    if network is None and network_id is None:
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


def network_directory(
    *,
    viewer,
    kind: str = "",
    status: str = "",
    place_id: int | None = None,
    topic_id: int | None = None,
) -> QuerySet[Network]:
    """The networks list: visible networks, filtered by kind, status, place (a place and the
    places under it) and topic, in kind and name order, with their active members counted."""
    from django.db.models import Count, Subquery
    from django.db.models.functions import Coalesce

    networks = networks_visible_to(viewer).select_related("country")
    if kind:
        networks = networks.filter(kind=kind)
    if status:
        networks = networks.filter(status=status)
    if place_id:
        covered = Network.places.through.objects.filter(
            Q(place_id=place_id)
            | Q(place__parent_id=place_id)
            | Q(place__parent__parent_id=place_id)
        )
        networks = networks.filter(pk__in=covered.values("network_id"))
    if topic_id:
        tagged = Network.topics.through.objects.filter(topic_id=topic_id)
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
    return networks.order_by("kind", "name").annotate(active_members=Coalesce(Subquery(active), 0))


def _directory_values(filters: dict | None) -> dict:
    filters = filters or {}
    return {
        "kind": filters.get("kind") or "",
        "status": filters.get("status") or "",
        "place_id": filters["place"].pk if filters.get("place") else None,
        "topic_id": filters["topic"].pk if filters.get("topic") else None,
    }


def network_directory_page(*, viewer, filters: dict | None = None, page_number=None):
    """A page of `network_directory` (add_network_list_columns adds what the list page shows):
    one query counts the networks, one reads the page (a list)."""
    from shabaka.core.pagination import paginate_page

    networks = network_directory(viewer=viewer, **_directory_values(filters))
    page = paginate_page(networks, page_number=page_number)
    page.object_list = list(page.object_list)
    return page


def first_networks(*, viewer, limit: int) -> list[Network]:
    """The first networks of the list, for the home page."""
    return list(network_directory(viewer=viewer)[:limit])


def _place_names_of(*, network_ids: list[int]) -> QuerySet:
    return (
        Network.places.through.objects.filter(network_id__in=network_ids)
        .order_by("place__country__code", "place__level", "place__name")
        .values_list("network_id", "place__name", f"place__{localised_name_column()}")
    )


def add_network_list_columns(networks: list[Network]) -> list[Network]:
    """Gives each network what the list shows: `link`, `shown_name`, `place_names` and
    `places_cell` (its kind and status labels are the template's), the places read as tuples
    in one query and links made once a page (model instances and {% url %} per row were most
    of the list's time)."""

    from shabaka.core import cells
    from shabaka.core.links import link_maker
    from shabaka.core.selectors import group_rows, reader_language

    ids = [network.pk for network in networks]
    places = group_rows(_place_names_of(network_ids=ids)) if ids else {}
    link = link_maker("networks:network_detail", "slug")
    language = reader_language()  # once, not per row
    for network in networks:
        network.link = link(network.slug)
        network.shown_name = network.localised_name(language)
        network.place_names = [local or default for default, local in places.get(network.pk, ())]
        network.places_cell = cells.joined(network.place_names)  # core.cells: no loop per row
    return networks


def membership_apply_choices(*, viewer, network: Network) -> dict:
    """What the viewer may apply for: organisations they edit, or (to a platform) networks they
    coordinate; everything visible to staff. Members with a current membership are left out.
    {"networks": ...} or {"organisations": ...}, the keyword of MembershipApplyForm."""
    from shabaka.directory.selectors import organisations_visible_to
    from shabaka.networks.models import CURRENT_STATUSES, NetworkKind

    current = network.memberships.filter(status__in=CURRENT_STATUSES)
    if network.kind == NetworkKind.PLATFORM:
        candidates = networks_visible_to(viewer).filter(kind=NetworkKind.NETWORK)
        if not is_project_staff(viewer):
            candidates = candidates.filter(
                pk__in=scope_ids(viewer, Role.COORDINATOR, "networks.Network")
            )
        candidates = candidates.exclude(
            pk__in=current.exclude(member_network=None).values("member_network_id")
        )
        return {"networks": candidates.order_by("name")}
    candidates = organisations_visible_to(viewer)
    if not is_project_staff(viewer):
        candidates = candidates.filter(
            pk__in=scope_ids(viewer, Role.ORG_EDITOR, "directory.Organisation")
        )
    candidates = candidates.exclude(
        pk__in=current.exclude(organisation=None).values("organisation_id")
    )
    return {"organisations": candidates.order_by("normalised_name")}


def code_versions(*, viewer, code, with_drafts: bool) -> list:
    """The code's versions, newest first (drafts only `with_drafts`), with their texts and
    each version's `network_adoptions` by the networks the viewer may see, in three queries."""
    from shabaka.networks.models import CodeAdoption, CodeVersionStatus

    versions = code.versions.prefetch_related("texts").order_by("-number")
    if not with_drafts:
        versions = versions.exclude(status=CodeVersionStatus.DRAFT)
    versions = list(versions)
    adoptions = {}
    for adoption in (
        CodeAdoption.objects.filter(version__code=code, network__in=networks_visible_to(viewer))
        .select_related("network")
        .order_by("adopted_on")
    ):
        adoptions.setdefault(adoption.version_id, []).append(adoption)
    for version in versions:
        version.network_adoptions = adoptions.get(version.pk, [])
    return versions


def code_version_texts(*, version) -> dict[str, str]:
    """The version's texts by language."""
    return {text.language: text.body for text in version.texts.all()}


def network_sections(*, network: Network, viewer) -> list[dict]:
    """Blocks other apps add to a network's page (its action plan, its events...): an app with a
    `network_page` module whose `network_section(network=..., viewer=...)` returns
    {"template": ..., **context} or None. Rendered in the page's "sections" slot."""
    sections = []
    from shabaka.core.selectors import app_modules

    for module in app_modules("network_page"):
        section = module.network_section(network=network, viewer=viewer)
        if section:
            sections.append(section)
    return sections


# The network page shows members a page at a time (the export has them all); a manager sees the
# waiting applications and the latest former members, each list capped.
MEMBERS_PER_PAGE = 25
APPLICATIONS_SHOWN = 50
PAST_SHOWN = 20
# What a member row shows (networks/partials/membership_rows.html): not the organisations'
# descriptions, addresses and contacts.
_NAMES = ("name", "name_en", "name_ar", "name_fr", "acronym")
ROW_FIELDS = (
    "network_id",
    "organisation_id",
    "member_network_id",
    "status",
    "role",
    "visibility",
    "applied_at",
    "joined_on",
    "ended_on",
    *(f"organisation__{f}" for f in _NAMES),
    *(f"member_network__{f}" for f in (*_NAMES, "slug")),
)


def row_decorator(*, manager: bool = False):
    """A function that sets on a membership what its row (networks/partials/membership_rows.html)
    shows: the member's name and link, "since <month>" (its status label and badge are the
    template's). Done in
    Python with links reversed once (core.links.link_maker): {% url %}, display_name and the
    date filter in each row's template cost a 25-row page more than its queries."""
    from django.utils.dates import MONTHS_3
    from django.utils.formats import date_format
    from django.utils.timezone import localtime
    from django.utils.translation import gettext

    organisation_link = link_maker("directory:organisation_detail")
    network_link = link_maker("networks:network_detail", "slug")
    since = gettext("since %(date)s")
    links = {}
    if manager:
        links = {
            "decide": link_maker("networks:membership_decide"),
            "role": link_maker("networks:membership_role"),
        }
    endorse_link = link_maker("networks:membership_endorse")

    months: dict[int, str] = {}

    def month(number: int) -> str:
        # The date filter's "M" (dateformat), its translation looked up once a request.
        if number not in months:
            months[number] = str(MONTHS_3[number]).title()
        return months[number]

    def decorate(membership: Membership) -> Membership:
        if membership.organisation_id:
            membership.member_name = membership.organisation.display_name
            membership.member_url = organisation_link(membership.organisation_id)
        else:
            membership.member_name = str(membership.member_network)
            membership.member_url = network_link(membership.member_network.slug)
        joined = membership.joined_on
        membership.since = (
            since % {"date": f"{month(joined.month)} {joined.year}"} if joined else ""
        )
        membership.applied_on = (
            date_format(localtime(membership.applied_at), "SHORT_DATE_FORMAT")
            if membership.status == MembershipStatus.APPLIED and membership.applied_at
            else ""
        )
        membership.endorse_url = endorse_link(membership.pk)
        if manager:
            membership.decide_url = links["decide"](membership.pk)
            membership.role_url = links["role"](membership.pk)
        return membership

    return decorate


def network_by_slug(*, viewer, slug: str) -> Network:
    """The network of that short name, if the viewer may see it (a hidden network raises
    DoesNotExist: a 404)."""
    return networks_visible_to(viewer).select_related("country").get(slug=slug)


def _code_in_force(*, network_id: int):
    """The network's adoption of the code in force, or None."""
    from shabaka.networks.models import CodeAdoption

    adoptions = (
        CodeAdoption.objects.filter(network_id=network_id, replaced_at__isnull=True)
        .select_related("version__code", "adopted_by")
        .order_by("-adopted_on", "-id")
    )
    return next(iter(adoptions[:1]), None)


def _current_members(visible: QuerySet[Membership], manager: bool):
    """Of the memberships the viewer may see, the current ones (suspended ones to managers)."""
    statuses = [MembershipStatus.ACTIVE]
    if manager:
        statuses.append(MembershipStatus.SUSPENDED)
    return visible.filter(status__in=statuses)


def _endorsed(version_id):
    from shabaka.networks.models import Endorsement

    return Endorsement.objects.filter(membership=OuterRef("pk"), version_id=version_id)


def _member_totals(*, visible: QuerySet[Membership], manager: bool, version_id: int | None):
    """How many members are shown and how many of the active ones endorsed the code in force:
    one row of counts over this network's memberships (read from the (network, status) index),
    none when it has no member shown."""
    from django.db.models import Count

    totals = {"shown": Count("pk"), "active": Count("pk", filter=Q(status=MembershipStatus.ACTIVE))}
    if version_id:
        totals["endorsed"] = Count(
            "pk", filter=Q(Exists(_endorsed(version_id)), status=MembershipStatus.ACTIVE)
        )
    return list(
        _current_members(visible, manager)
        .order_by()
        .values("network_id")
        .annotate(**totals)
        .values_list(*totals)
    )


def _members(*, visible: QuerySet[Membership], manager: bool, version_id: int | None) -> QuerySet:
    """The members a network's page lists, in its order, with their endorsement of the code in
    force (version_id) read in the same query."""
    from django.db.models import Subquery

    from shabaka.networks.models import Endorsement, EndorsementStatus

    current = (
        _current_members(visible, manager)
        .only(*ROW_FIELDS)
        .order_by("role", "organisation__normalised_name", "member_network__name", "id")
    )
    if version_id:
        current = current.annotate(
            endorsed_on=Subquery(_endorsed(version_id).values("endorsed_on")[:1]),
            renewal_needed=Exists(
                Endorsement.objects.filter(
                    membership=OuterRef("pk"), status=EndorsementStatus.RENEWAL_NEEDED
                )
            ),
        )
    return current


def _platforms_of(*, viewer, network_id: int) -> QuerySet[Network]:
    return (
        networks_visible_to(viewer)
        .filter(
            pk__in=memberships_visible_to_viewer(viewer)
            .filter(member_network_id=network_id, status=MembershipStatus.ACTIVE)
            .values("network_id")
        )
        .only("pk", "slug", *_NAMES)
        .order_by("name")
    )


def _place_and_topic_names(*, network_id: int) -> QuerySet:
    # The network's places and topics in one UNION (directory.selectors.name_rows).
    from shabaka.directory.models import Place, Topic
    from shabaka.directory.selectors import NAME_ROW_ORDER, name_rows

    places = name_rows(Place.objects.filter(networks=network_id), "place")
    topics = name_rows(Topic.objects.filter(networks=network_id), "topic")
    return places.union(topics, all=True).order_by(*NAME_ROW_ORDER)


def _set_endorsement_state(membership: Membership, *, viewer, adoption) -> None:
    """What a member row shows of the code in force, from `endorsed_on` and `renewal_needed`
    as read with the row (none when no code is in force)."""
    if adoption is None:
        membership.endorsed_on = None
        membership.renewal_needed = False
    membership.renewal_needed = membership.renewal_needed and membership.endorsed_on is None
    # Asked here rather than in each row's template; no one signed out may endorse.
    membership.can_endorse = (
        adoption is not None
        and viewer.is_authenticated
        and membership.status == MembershipStatus.ACTIVE
        and membership.endorsed_on is None
        and viewer.has_perm("networks.endorse_code", membership)
    )


def add_endorsement_state(*, viewer, membership: Membership) -> bool:
    """For a member row shown alone (the htmx reply to a decision): what the page's rows show of
    the code in force. True when the network has one, so that the row has that column too."""
    from shabaka.networks.models import Endorsement, EndorsementStatus

    adoption = _code_in_force(network_id=membership.network_id)
    if adoption is not None:
        endorsements = Endorsement.objects.filter(membership=membership)
        current = endorsements.filter(version_id=adoption.version_id).first()
        membership.endorsed_on = current.endorsed_on if current else None
        membership.renewal_needed = endorsements.filter(
            status=EndorsementStatus.RENEWAL_NEEDED
        ).exists()
    _set_endorsement_state(membership, viewer=viewer, adoption=adoption)
    return adoption is not None


def network_page(*, viewer, network: Network, page_number=None) -> dict:
    """Everything a network's page shows, in a fixed number of queries whatever the size of the
    network and of its history: a page of members (as the viewer may see them) with their
    endorsement of the code in force, how many of them endorsed it, pending applications and
    the latest former members (to those who manage the network), the platforms it belongs to."""
    from functools import partial

    from django.core.paginator import Paginator
    from django.db.models import prefetch_related_objects

    manager = viewer.has_perm("networks.manage_members", network)
    adoption = _code_in_force(network_id=network.pk)
    if adoption is not None:
        adoption.network = network
        prefetch_related_objects([adoption], "version__texts")
    # The viewer's rule on memberships, built once (its conditions cost more to build than
    # to run) and narrowed for each list below.
    visible = memberships_visible_to_viewer(viewer, network_id=network.pk)
    asked = {
        "visible": visible,
        "version_id": adoption.version_id if adoption is not None else None,
    }
    totals = _member_totals(**asked, manager=manager)
    counted = {"shown": 0, "active": 0, "endorsed": 0}
    if totals:
        counted.update(
            zip(("shown", "active", "endorsed")[: len(totals[0])], totals[0], strict=True)
        )
    paginator = Paginator(Membership.objects.none(), MEMBERS_PER_PAGE)
    paginator.count = counted["shown"]  # counted above: no second COUNT
    page = paginator.get_page(page_number)
    offset = (page.number - 1) * MEMBERS_PER_PAGE
    members = _members(**asked, manager=manager)
    page.object_list = list(members[offset : offset + MEMBERS_PER_PAGE])
    applications, past = [], []
    if manager:
        rows = visible.only(*ROW_FIELDS)
        applications = list(
            rows.filter(status=MembershipStatus.APPLIED).order_by("applied_at", "id")[
                :APPLICATIONS_SHOWN
            ]
        )
        past = list(
            rows.filter(status__in=[MembershipStatus.LEFT, MembershipStatus.REJECTED]).order_by(
                "-ended_on", "-applied_at", "-id"
            )[:PAST_SHOWN]
        )
    decorate = row_decorator(manager=manager)
    for membership in page.object_list:
        membership.network = network  # no query to reach it (the rules ask for it)
        decorate(membership)
        _set_endorsement_state(membership, viewer=viewer, adoption=adoption)
    for membership in applications:
        decorate(membership)
    from shabaka.directory.selectors import names_by_kind

    places, topics = names_by_kind(_place_and_topic_names(network_id=network.pk), "place", "topic")
    return {
        "network": network,
        "memberships": page.object_list,
        "page": page,
        "applications": applications,
        "applications_capped": len(applications) == APPLICATIONS_SHOWN,
        "past_memberships": past,
        "past_capped": len(past) == PAST_SHOWN,
        "adoption": adoption,
        "endorsed_count": counted.get("endorsed") or 0,
        "active_count": counted["active"],
        "platforms": list(_platforms_of(viewer=viewer, network_id=network.pk)),
        "places": places,
        "topics": topics,
        "manager": manager,
        # Called by the template, inside the part it keeps for the viewer (core.fragments):
        # a part found in the cache costs none of the sections' queries.
        "network_sections": partial(network_sections, network=network, viewer=viewer),
    }
