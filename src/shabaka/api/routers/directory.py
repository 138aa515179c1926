from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from shabaka.accounts.rules import is_project_staff
from shabaka.api.auth import anyone, viewer
from shabaka.api.pagination import PageParams, paginate
from shabaka.api.schemas import ERRORS
from shabaka.core.selectors import grouped_values
from shabaka.core.text import normalise
from shabaka.core.visibility import Visibility
from shabaka.directory.models import Organisation
from shabaka.directory.selectors import organisations_visible_to

router = Router(tags=["directory"])


class ContactOut(Schema):
    email: str
    phone: str
    website: str


class OrganisationOut(Schema):
    id: int
    name: str
    name_en: str
    name_ar: str
    name_fr: str
    acronym: str
    kind: str
    country: str
    places: list[str]
    topics: list[str]
    founded_year: int | None
    website: str
    contact: ContactOut | None


class OrganisationPage(Schema):
    count: int
    page: int
    pages: int
    items: list[OrganisationOut]


class OrganisationFilters(Schema):
    kind: str | None = None
    country: str | None = None
    place: str | None = None
    topic: str | None = None
    network: str | None = None
    q: str | None = None


def _contact_visible_ids(user, organisations) -> set[int]:
    """Which of these organisations' contact details the user may read, in one query."""
    from shabaka.networks.models import Membership
    from shabaka.networks.selectors import member_network_ids

    ids = {o.pk for o in organisations}
    if is_project_staff(user):
        return ids
    visible = {o.pk for o in organisations if o.contact_visibility == Visibility.PUBLIC}
    networks = member_network_ids(user)
    members_level = {o.pk for o in organisations if o.contact_visibility == Visibility.MEMBERS}
    if networks and members_level:
        visible |= set(
            Membership.objects.filter(
                organisation_id__in=members_level, network_id__in=networks
            ).values_list("organisation_id", flat=True)
        )
    return visible


def _codes(organisations) -> tuple[dict, dict]:
    """Place codes and topic slugs per organisation, as tuples in two queries."""
    ids = [o.pk for o in organisations]
    places = grouped_values(
        Organisation.places.through.objects.filter(organisation_id__in=ids).order_by("place__code"),
        "organisation_id",
        "place__code",
    )
    topics = grouped_values(
        Organisation.topics.through.objects.filter(organisation_id__in=ids).order_by("topic__slug"),
        "organisation_id",
        "topic__slug",
    )
    return places, topics


def _serialise_all(user, organisations) -> list[dict]:
    contact_ids = _contact_visible_ids(user, organisations)
    places, topics = _codes(organisations)
    return [
        _serialise(o, contact_ids, places.get(o.pk, []), topics.get(o.pk, []))
        for o in organisations
    ]


def _serialise(organisation, contact_ids, places: list[str], topics: list[str]) -> dict:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "name_en": organisation.name_en,
        "name_ar": organisation.name_ar,
        "name_fr": organisation.name_fr,
        "acronym": organisation.acronym,
        "kind": organisation.kind,
        "country": organisation.country.code,
        "places": places,
        "topics": topics,
        "founded_year": organisation.founded_year,
        "website": organisation.website,
        "contact": {
            "email": organisation.email,
            "phone": organisation.phone,
            "website": organisation.website,
        }
        if organisation.pk in contact_ids
        else None,
    }


def _queryset(user):
    return organisations_visible_to(user).select_related("country")


@router.get(
    "/organisations",
    response={200: OrganisationPage, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def organisation_list(request, filters: Query[OrganisationFilters], page: Query[PageParams]):
    user = viewer(request)
    organisations = _queryset(user)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.country:
        organisations = organisations.filter(country__code=filters.country.upper())
    # Subqueries, not joins: a join needs DISTINCT, and DISTINCT over every column (and a
    # count over it) read the whole filtered directory for each page.
    if filters.place:
        located = Organisation.places.through.objects.filter(place__code=filters.place)
        organisations = organisations.filter(pk__in=located.values("organisation_id"))
    if filters.topic:
        tagged = Organisation.topics.through.objects.filter(topic__slug=filters.topic)
        organisations = organisations.filter(pk__in=tagged.values("organisation_id"))
    if filters.network:
        from shabaka.networks.models import MembershipStatus
        from shabaka.networks.selectors import memberships_visible_to, networks_visible_to

        network = networks_visible_to(user).filter(slug=filters.network).first()
        member_ids = (
            memberships_visible_to(user, network)
            .filter(status=MembershipStatus.ACTIVE)
            .values("organisation_id")
            if network
            else []
        )
        organisations = organisations.filter(pk__in=member_ids)
    if filters.q:
        organisations = organisations.filter(normalised_name__contains=normalise(filters.q))
    organisations = organisations.order_by("normalised_name", "pk")
    result = paginate(organisations, page, lambda o: o)
    result["items"] = _serialise_all(user, result["items"])
    return result


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def organisation_detail(request, organisation_id: int):
    user = viewer(request)
    organisation = get_object_or_404(_queryset(user), pk=organisation_id)
    return _serialise_all(user, [organisation])[0]
