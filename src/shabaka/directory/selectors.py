"""Reads of the directory, always through what the viewer may see."""

import importlib
import importlib.util

from django.apps import apps
from django.db.models import Q, QuerySet

from shabaka.accounts.models import Role
from shabaka.accounts.roles import scope_ids
from shabaka.accounts.rules import is_project_staff
from shabaka.core.links import link_maker
from shabaka.core.selectors import localised_name_column
from shabaka.core.visibility import Visibility
from shabaka.directory.models import Organisation, OrganisationKind, Person

CURRENT = ("applied", "active", "suspended")


def _edited_ids(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return scope_ids(user, Role.ORG_EDITOR, "directory.Organisation")


def visible_organisation_q(user, path: str = "") -> Q:
    """The rule of organisations_visible_to as a condition on organisations reached through
    `path` (e.g. "organisation__"): a query over memberships joins instead of listing every
    visible organisation in a subquery, which grew with the directory."""
    from shabaka.networks.models import Membership
    from shabaka.networks.selectors import member_network_ids

    if is_project_staff(user):
        return Q()
    public = Q(**{f"{path}visibility": Visibility.PUBLIC})
    networks = member_network_ids(user)
    edited = _edited_ids(user)
    if not networks and not edited:
        return public
    # Members see the unlisted (members-only) organisations of their networks, never the
    # staff-only ones. A subquery, not a join: no duplicates, no DISTINCT needed.
    in_my_networks = Membership.objects.filter(
        network_id__in=networks, status__in=CURRENT, organisation__isnull=False
    ).values("organisation_id")
    return (
        public
        | Q(**{f"{path}visibility": Visibility.MEMBERS, f"{path}pk__in": in_my_networks})
        | Q(**{f"{path}pk__in": edited})
    )


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Public organisations, plus unlisted ones to the members of their networks and to their
    own editors, all to staff. Load organisations through this so a hidden one is a 404."""
    return Organisation.objects.filter(visible_organisation_q(user))


def shares_a_network(user, organisation: Organisation) -> bool:
    """Whether the user belongs to a network in which the organisation has a current membership."""
    from shabaka.networks.selectors import member_network_ids

    networks = member_network_ids(user)
    return (
        bool(networks)
        and organisation.memberships.filter(network_id__in=networks, status__in=CURRENT).exists()
    )


def people_visible_to(user) -> QuerySet[Person]:
    """People are personal data: staff see all; an organisation's editors and the members of
    the networks it belongs to see its people; the public sees only people who agreed to be
    named (never their email or phone: see can_see_person_contact)."""
    from shabaka.networks.models import Membership
    from shabaka.networks.selectors import member_network_ids

    people = Person.objects.select_related("organisation")
    if is_project_staff(user):
        return people
    networks = member_network_ids(user)
    edited = _edited_ids(user)
    if not networks and not edited:
        return people.filter(is_public=True)
    in_my_networks = Membership.objects.filter(
        network_id__in=networks, status__in=CURRENT, organisation__isnull=False
    ).values("organisation_id")
    visible = organisations_visible_to(user).values("pk")
    return people.filter(
        Q(is_public=True)
        | (Q(organisation__in=in_my_networks) & Q(organisation__in=visible))
        | Q(organisation_id__in=edited)
    )


def can_see_person_contact(user, person: Person) -> bool:
    """A person's email and phone: staff and the editors of the person's organisation only."""
    if is_project_staff(user):
        return True
    return person.organisation_id is not None and person.organisation_id in _edited_ids(user)


def can_see_contact_details(user, organisation: Organisation) -> bool:
    """An organisation's own contact details follow its contact_visibility."""
    if organisation.contact_visibility == Visibility.PUBLIC:
        return True
    if is_project_staff(user):
        return True
    if organisation.pk in _edited_ids(user):
        return True
    if organisation.contact_visibility == Visibility.STAFF:
        return False
    return shares_a_network(user, organisation)


def organisation_directory(*, viewer, filters: dict | None = None) -> QuerySet[Organisation]:
    """The directory: what the viewer may see, filtered by kind, place (a place and the places
    under it), topic, network (current members, as the viewer may see them) and a name
    search, in name order. add_directory_columns adds what the list shows."""
    from shabaka.core.text import normalise
    from shabaka.networks.models import MembershipStatus
    from shabaka.networks.selectors import memberships_visible_to_viewer, networks_matching

    filters = filters or {}
    organisations = organisations_visible_to(viewer).select_related("country")
    if filters.get("q"):
        key = normalise(filters["q"])
        organisations = organisations.filter(
            Q(normalised_name__contains=key)
            | Q(acronym__icontains=filters["q"].strip())
            | Q(name_en__icontains=filters["q"].strip())
            | Q(name_fr__icontains=filters["q"].strip())
        )
    if filters.get("kind"):
        organisations = organisations.filter(kind=filters["kind"])
    if filters.get("place"):
        place = filters["place"]
        located = Organisation.places.through.objects.filter(
            Q(place=place) | Q(place__parent=place) | Q(place__parent__parent=place)
        )
        organisations = organisations.filter(pk__in=located.values("organisation_id"))
    if filters.get("topic"):
        tagged = Organisation.topics.through.objects.filter(topic=filters["topic"])
        organisations = organisations.filter(pk__in=tagged.values("organisation_id"))
    if filters.get("network"):
        # Current members of the networks the text names (short name, part of a name or an
        # acronym), as the viewer may see them.
        networks = networks_matching(viewer=viewer, text=filters["network"])
        members = memberships_visible_to_viewer(viewer).filter(
            network__in=networks.values("pk"), status=MembershipStatus.ACTIVE
        )
        organisations = organisations.filter(pk__in=members.values("organisation_id"))
    # The indexes on (visibility[, kind], normalised_name, id) give this order without a sort.
    return organisations.order_by("normalised_name", "pk")


def add_directory_columns(*, viewer, organisations: list[Organisation]) -> list[Organisation]:
    """Gives each organisation what the list shows: `link`, `kind_label`, `place_names`,
    `topic_names` and `network_links` ((link, acronym, name) of the networks it is a current
    member of, as the viewer may see them), in three queries of tuples: a model instance per
    place, topic and membership cost the list most of its time."""
    from shabaka.core.selectors import grouped_values
    from shabaka.networks.models import MembershipStatus
    from shabaka.networks.selectors import memberships_visible_to_viewer, visible_network_q

    ids = [organisation.pk for organisation in organisations]
    name = localised_name_column()
    places, topics, networks = {}, {}, {}
    if ids:
        places = grouped_values(
            Organisation.places.through.objects.filter(organisation_id__in=ids).order_by(
                "place__name"
            ),
            "organisation_id",
            "place__name",
            f"place__{name}",
        )
        topics = grouped_values(
            Organisation.topics.through.objects.filter(organisation_id__in=ids).order_by(
                "topic__name"
            ),
            "organisation_id",
            "topic__name",
            f"topic__{name}",
        )
        memberships = memberships_visible_to_viewer(viewer).filter(
            visible_network_q(viewer, "network__"),
            status=MembershipStatus.ACTIVE,
            organisation_id__in=ids,
        )
        networks = grouped_values(
            memberships.order_by("network__name", "pk"),
            "organisation_id",
            "network__slug",
            "network__acronym",
            "network__name",
            f"network__{name}",
        )
    organisation_link = link_maker("directory:organisation_detail")
    network_link = link_maker("networks:network_detail", "slug")
    kinds = {value: str(label) for value, label in OrganisationKind.choices}
    for organisation in organisations:
        organisation.link = organisation_link(organisation.pk)
        organisation.kind_label = kinds.get(organisation.kind, organisation.kind)
        organisation.place_names = [
            localised or default for default, localised in places.get(organisation.pk, ())
        ]
        organisation.topic_names = [
            localised or default for default, localised in topics.get(organisation.pk, ())
        ]
        organisation.network_links = [
            (network_link(slug), acronym, localised or default)
            for slug, acronym, default, localised in networks.get(organisation.pk, ())
        ]
    return organisations


def organisation_memberships(*, viewer, organisation: Organisation):
    """The organisation's memberships the viewer may see, with their networks, for its page."""
    from shabaka.networks.selectors import memberships_visible_to_viewer, networks_visible_to

    memberships = memberships_visible_to_viewer(viewer).filter(
        organisation=organisation, network__in=networks_visible_to(viewer)
    )
    if not (is_project_staff(viewer) or organisation.pk in _edited_ids(viewer)):
        memberships = memberships.filter(status__in=("active", "suspended"))
    return memberships.select_related("network").order_by("network__name", "-applied_at")


def organisation_sections(*, organisation: Organisation, viewer) -> list[dict]:
    """Blocks other apps add to an organisation's page: an app with an `organisation_page`
    module whose `organisation_section(organisation=..., viewer=...)` returns
    {"template": ..., **context} or None."""
    sections = []
    for app in apps.get_app_configs():
        name = f"{app.name}.organisation_page"
        if not app.name.startswith("shabaka.") or importlib.util.find_spec(name) is None:
            continue
        section = importlib.import_module(name).organisation_section(
            organisation=organisation, viewer=viewer
        )
        if section:
            sections.append(section)
    return sections


def organisation_page(*, viewer, organisation: Organisation) -> dict:
    people = list(people_visible_to(viewer).filter(organisation=organisation).order_by("full_name"))
    show_person_contact = bool(people) and can_see_person_contact(viewer, people[0])
    return {
        "organisation": organisation,
        "places": list(organisation.places.select_related("parent")),
        "topics": list(organisation.topics.all()),
        "memberships": list(organisation_memberships(viewer=viewer, organisation=organisation)),
        "show_contact": can_see_contact_details(viewer, organisation),
        "people": people,
        "show_person_contact": show_person_contact,
        "organisation_sections": organisation_sections(organisation=organisation, viewer=viewer),
    }
