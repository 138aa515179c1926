"""Reads of the directory, always through what the viewer may see."""

import importlib
import importlib.util

from django.apps import apps
from django.db.models import Q, QuerySet

from shabaka.accounts.models import Role
from shabaka.accounts.roles import scope_ids
from shabaka.accounts.rules import is_project_staff
from shabaka.core import cells
from shabaka.core.links import link_maker
from shabaka.core.selectors import localised_name_column, reader_language
from shabaka.core.visibility import RecordVisibility, Visibility
from shabaka.directory.affiliations import AFFILIATIONS
from shabaka.directory.models import Organisation, Person


def _edited_ids(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return scope_ids(user, Role.ORG_EDITOR, "directory.Organisation")


def _organisation_condition(user, path: str = "") -> Q:
    """Public organisations, and the ones the user edits; everything to staff. The networks
    app widens it (ORGANISATIONS.widen): members see the members-only organisations of their
    networks."""
    if is_project_staff(user):
        return Q()
    condition = Q(**{f"{path}visibility": Visibility.PUBLIC})
    edited = _edited_ids(user)
    if edited:
        condition |= Q(**{f"{path}pk__in": edited})
    return condition


ORGANISATIONS = RecordVisibility("directory.Organisation", _organisation_condition)


def visible_organisation_q(user, path: str = "") -> Q:
    """ORGANISATIONS as a condition on organisations reached through `path` (e.g.
    "organisation__"): a query over memberships joins instead of listing every visible
    organisation in a subquery, which grew with the directory."""
    return ORGANISATIONS.q(user, path)


# The order of `name_rows` in a UNION: by kind, then each model's own order.
NAME_ROW_ORDER = ("kind", "first_key", "second_key", "name")


def name_rows(queryset: QuerySet, kind: str) -> QuerySet:
    """Countries, places or topics as rows (kind, two sort keys, name, name in the reader's
    language), so that a page reads several of them in one UNION ordered by NAME_ROW_ORDER:
    places in their model's order (country code, level, name), the others by name."""
    from django.db.models import CharField, F, Value

    blank = Value("", output_field=CharField())
    is_place = queryset.model._meta.model_name == "place"
    return (
        queryset.order_by()  # no ORDER BY inside a compound SELECT (SQLite)
        .annotate(
            kind=Value(kind, output_field=CharField()),
            first_key=F("country__code") if is_place else blank,
            second_key=F("level") if is_place else blank,
        )
        .values_list(*NAME_ROW_ORDER, localised_name_column())
    )


def names_by_kind(rows, *kinds: str) -> list[list[str]]:
    """The localised names of `name_rows`, a list per kind, in the order the kinds are given."""
    names = {kind: [] for kind in kinds}
    for kind, _first, _second, name, local in rows:
        names[kind].append(local or name)  # as TranslatedNameMixin.localised_name
    return [names[kind] for kind in kinds]


def organisation_shown_expression(viewer, path: str):
    """Whether the viewer may see the organisation reached through `path` (e.g. "lead__"), as
    an expression on the joined row: no subquery, no list of visible organisations."""
    from django.db.models import BooleanField, Case, Value, When

    condition = visible_organisation_q(viewer, path)
    if not condition:  # staff
        return Value(True, output_field=BooleanField())
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Public organisations, plus unlisted ones to the members of their networks and to their
    own editors, all to staff. Load organisations through this so a hidden one is a 404."""
    return ORGANISATIONS.queryset(user)


def shares_a_network(user, organisation: Organisation) -> bool:
    """Whether the user belongs to a network in which the organisation has a current membership
    (directory.affiliations: the networks app says which)."""
    peers = AFFILIATIONS.peers(user)
    return peers is not None and peers.filter(organisation_id=organisation.pk).exists()


def people_visible_to(user) -> QuerySet[Person]:
    """People are personal data: staff see all; an organisation's editors and the members of
    the networks it belongs to see its people; the public sees only people who agreed to be
    named (never their email or phone: see can_see_person_contact)."""
    people = Person.objects.select_related("organisation")
    if is_project_staff(user):
        return people
    in_my_networks = AFFILIATIONS.peers(user)
    edited = _edited_ids(user)
    if in_my_networks is None and not edited:
        return people.filter(is_public=True)
    visible = organisations_visible_to(user).values("pk")
    condition = Q(is_public=True) | Q(organisation_id__in=edited)
    if in_my_networks is not None:
        condition |= Q(organisation__in=in_my_networks) & Q(organisation__in=visible)
    return people.filter(condition)


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


def _directory(
    *, viewer, kind: str, place_id: int | None, topic_id: int | None, text: str, network: str
) -> QuerySet[Organisation]:
    from shabaka.core.text import normalise

    organisations = organisations_visible_to(viewer).select_related("country")
    if text:
        key = normalise(text)
        organisations = organisations.filter(
            Q(normalised_name__contains=key)
            | Q(acronym__icontains=text.strip())
            | Q(name_en__icontains=text.strip())
            | Q(name_fr__icontains=text.strip())
        )
    if kind:
        organisations = organisations.filter(kind=kind)
    if place_id:
        located = Organisation.places.through.objects.filter(
            Q(place_id=place_id)
            | Q(place__parent_id=place_id)
            | Q(place__parent__parent_id=place_id)
        )
        organisations = organisations.filter(pk__in=located.values("organisation_id"))
    if topic_id:
        tagged = Organisation.topics.through.objects.filter(topic_id=topic_id)
        organisations = organisations.filter(pk__in=tagged.values("organisation_id"))
    if network:
        # Current members of the networks the text names (short name, part of a name or an
        # acronym), as the viewer may see them (directory.affiliations).
        members = AFFILIATIONS.members_of_named(viewer, network)
        organisations = (
            organisations.filter(pk__in=members) if members is not None else organisations.none()
        )
    # The indexes on (visibility[, kind], normalised_name, id) give this order without a sort.
    return organisations.order_by("normalised_name", "pk")


def _directory_values(filters: dict | None) -> dict:
    filters = filters or {}
    return {
        "kind": filters.get("kind") or "",
        "place_id": filters["place"].pk if filters.get("place") else None,
        "topic_id": filters["topic"].pk if filters.get("topic") else None,
        "text": filters.get("q") or "",
        "network": filters.get("network") or "",
    }


def organisation_directory(*, viewer, filters: dict | None = None) -> QuerySet[Organisation]:
    """The directory: what the viewer may see, filtered by kind, place (a place and the places
    under it), topic, network (current members, as the viewer may see them) and a name
    search, in name order. add_directory_columns adds what the list shows."""
    return _directory(viewer=viewer, **_directory_values(filters))


def organisation_directory_page(*, viewer, filters: dict | None = None, page_number=None):
    """A page of `organisation_directory` (add_directory_columns adds what the list shows): one
    query counts the organisations, one reads the page (a list)."""
    from shabaka.core.pagination import paginate_page

    organisations = organisation_directory(viewer=viewer, filters=filters)
    page = paginate_page(organisations, page_number=page_number)
    page.object_list = list(page.object_list)
    return page


def _place_names_of(*, organisation_ids: list[int]):
    return (
        Organisation.places.through.objects.filter(organisation_id__in=organisation_ids)
        .order_by("place__name")
        .values_list("organisation_id", "place__name", f"place__{localised_name_column()}")
    )


def _topic_names_of(*, organisation_ids: list[int]):
    return (
        Organisation.topics.through.objects.filter(organisation_id__in=organisation_ids)
        .order_by("topic__name")
        .values_list("organisation_id", "topic__name", f"topic__{localised_name_column()}")
    )


def add_directory_columns(*, viewer, organisations: list[Organisation]) -> list[Organisation]:
    """Gives each organisation what the list shows (its kind's label is the template's):
    `link`, `shown_name`, `country_name`, `place_names`,
    `topic_names` and `network_links` ((link, acronym, name) of the networks it is a current
    member of, as the viewer may see them), in three queries of tuples: a model
    instance per place, topic and membership cost the list most of its time."""
    from shabaka.core.selectors import group_rows

    ids = [organisation.pk for organisation in organisations]
    places, topics, networks = {}, {}, {}
    if ids:
        places = group_rows(_place_names_of(organisation_ids=ids))
        topics = group_rows(_topic_names_of(organisation_ids=ids))
        # (slug, acronym, name, localised name) of its networks: directory.affiliations.
        networks = group_rows(AFFILIATIONS.network_rows(viewer, ids))
    organisation_link = link_maker("directory:organisation_detail")
    network_link = link_maker("networks:network_detail", "slug")
    language = reader_language()  # once, not per row and name
    for organisation in organisations:
        organisation.link = organisation_link(organisation.pk)
        organisation.shown_name = organisation.display_name_in(language)
        country = organisation.country
        organisation.country_name = country.localised_name(language) if country else ""
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
        # Cells written once (core.cells), not a template loop per row.
        organisation.places_cell = cells.joined(organisation.place_names, empty=cells.NONE)
        organisation.topics_cell = cells.badges(organisation.topic_names, empty=cells.NONE)
        organisation.networks_cell = cells.links(
            [(link, acronym or name) for link, acronym, name in organisation.network_links],
            empty=cells.NONE,
        )
    return organisations


def organisation_memberships(*, viewer, organisation: Organisation) -> list:
    """The organisation's memberships the viewer may see, with their networks, for its page
    (directory.affiliations: the networks app reads them)."""
    return list(AFFILIATIONS.memberships(viewer, organisation))


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


# What organisation_page returns for the part of the page kept for the viewer (read lazily by
# the view: core.fragments.lazy_context).
ORGANISATION_PAGE_CONTEXT = (
    "places",
    "topics",
    "memberships",
    "show_contact",
    "people",
    "show_person_contact",
    "organisation_sections",
)


def organisation_page(*, viewer, organisation: Organisation) -> dict:
    people = list(people_visible_to(viewer).filter(organisation=organisation).order_by("full_name"))
    show_person_contact = bool(people) and can_see_person_contact(viewer, people[0])
    return {
        "organisation": organisation,
        "places": list(organisation.places.select_related("parent")),
        "topics": list(organisation.topics.all()),
        "memberships": organisation_memberships(viewer=viewer, organisation=organisation),
        "show_contact": can_see_contact_details(viewer, organisation),
        "people": people,
        "show_person_contact": show_person_contact,
        "organisation_sections": organisation_sections(organisation=organisation, viewer=viewer),
    }


def role_holders(record, role: str) -> QuerySet:
    """Who holds `role` over `record` (for the record's page; platform admins only)."""
    from django.contrib.contenttypes.models import ContentType

    from shabaka.accounts.models import RoleAssignment

    return (
        RoleAssignment.objects.filter(
            role=role,
            scope_type=ContentType.objects.get_for_model(record, for_concrete_model=True),
            scope_id=record.pk,
        )
        .select_related("user")
        .order_by("user__email")
    )


def networks_to_import_into(*, viewer):
    """The networks (not platforms) an import may add its organisations to, by name
    (directory.affiliations)."""
    return AFFILIATIONS.import_targets(viewer)


def import_batch(*, token, uploaded_by):
    """The import its uploader started under that token, or None."""
    from shabaka.directory.models import OrganisationImport

    return OrganisationImport.objects.filter(token=token, uploaded_by=uploaded_by).first()
