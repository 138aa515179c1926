"""Reads of projects, always through what the viewer may see; one selector per page."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from shabaka.accounts.roles import role_set
from shabaka.accounts.rules import is_project_staff
from shabaka.core.visibility import RecordVisibility, Visibility
from shabaka.projects.models import (
    Funding,
    OrganisationRole,
    ParticipatingOrganisation,
    Project,
    ProjectStatus,
)


def project_visibilities(user) -> frozenset[str]:
    """The visibility levels of the projects the user may see: public to everyone; "members"
    to signed-in users who hold a role on the platform (a network role, focal point,
    secretariat, viewer); all to staff. (Before, any signed-in account, even one with no role
    at all, saw the members-only projects.)"""
    if is_project_staff(user):
        return frozenset(Visibility.values)
    if user is not None and user.is_authenticated and role_set(user):
        return frozenset(Visibility.values) - {Visibility.STAFF}
    return frozenset({Visibility.PUBLIC})


def visible_project_q(user, path: str = "") -> Q:
    """project_visibilities as a condition on projects reached through `path`."""
    if is_project_staff(user):
        return Q()
    return Q(**{f"{path}visibility__in": project_visibilities(user)})


# Content (news, documents) reaches it through core.visibility.visibility_of.
PROJECTS = RecordVisibility("projects.Project", visible_project_q, levels=project_visibilities)


def projects_visible_to(user) -> QuerySet[Project]:
    """The projects the user may see (project_visibilities)."""
    return Project.objects.filter(visible_project_q(user))


def _visible_org_ids(viewer):
    from shabaka.directory.selectors import organisations_visible_to

    return organisations_visible_to(viewer).values("pk")


def project_list(
    *, viewer, country: str = "", status: str = "", donor: int | None = None
) -> QuerySet[Project]:
    """Projects for the list page, with their countries and visible donors: a fixed number of
    queries whatever the number of rows."""
    projects = projects_visible_to(viewer)
    if country:
        projects = projects.filter(countries__code=country)
    if status:
        projects = projects.filter(status=status)
    if donor:
        projects = projects.filter(
            participants__role=OrganisationRole.FUNDING,
            participants__organisation_id=donor,
            participants__organisation__in=_visible_org_ids(viewer),
        )
    donors = (
        ParticipatingOrganisation.objects.filter(
            role=OrganisationRole.FUNDING, organisation__in=_visible_org_ids(viewer)
        )
        .select_related("organisation")
        .order_by("id")
    )
    return (
        projects.distinct()
        .prefetch_related("countries", Prefetch("participants", queryset=donors, to_attr="donors"))
        .order_by("-planned_start", "title", "pk")
    )


def donor_choices(*, viewer) -> QuerySet:
    from shabaka.directory.models import Organisation

    return (
        Organisation.objects.filter(
            pk__in=_visible_org_ids(viewer),
            project_roles__role=OrganisationRole.FUNDING,
            project_roles__project__in=projects_visible_to(viewer).values("pk"),
        )
        .distinct()
        .order_by("normalised_name")
    )


def country_choices(*, viewer) -> QuerySet:
    from shabaka.directory.models import Country

    return (
        Country.objects.filter(projects__in=projects_visible_to(viewer).values("pk"))
        .distinct()
        .order_by("name")
    )


def project_sections(*, project: Project, viewer) -> list[dict]:
    """Sections other apps add to a project page (events held, participants by gender, networks
    supported, plan activities, news...). An app adds them with a `project_sections.py` module
    whose `project_sections(*, project, viewer)` returns a list of
    {"template": "<app>/partials/...html", "title": ..., **context}. Apps are asked in
    INSTALLED_APPS order; an app that is not installed simply adds nothing."""
    sections = []
    from shabaka.core.selectors import app_modules

    for module in app_modules("project_sections"):
        sections.extend(module.project_sections(project=project, viewer=viewer))
    return sections


def _shown(viewer, path: str):
    from shabaka.directory.selectors import organisation_shown_expression

    return organisation_shown_expression(viewer, path)


def _participants_of(*, viewer, project_id: int) -> QuerySet:
    return (
        ParticipatingOrganisation.objects.filter(project_id=project_id)
        .select_related("organisation", "acting_for__organisation")
        .annotate(
            shown=_shown(viewer, "organisation__"),
            acting_for_shown=_shown(viewer, "acting_for__organisation__"),
        )
        .order_by("role", "id")
    )


def _funding_of(*, viewer, project_id: int) -> QuerySet:
    return (
        Funding.objects.filter(project_id=project_id)
        .select_related("funder", "through")
        .annotate(
            funder_shown=_shown(viewer, "funder__"), through_shown=_shown(viewer, "through__")
        )
        .order_by("committed_on", "id")
    )


def _where_names(*, project_id: int) -> QuerySet:
    # The project's countries and places in one UNION (directory.selectors.name_rows).
    from shabaka.directory.models import Country, Place
    from shabaka.directory.selectors import NAME_ROW_ORDER, name_rows

    countries = name_rows(Country.objects.filter(projects=project_id), "country")
    places = name_rows(Place.objects.filter(projects=project_id), "place")
    return countries.union(places, all=True).order_by(*NAME_ROW_ORDER)


def _identifiers_of(*, project_id: int) -> QuerySet:
    from shabaka.projects.models import ProjectIdentifier

    return ProjectIdentifier.objects.filter(project_id=project_id).order_by("id")


def _sectors_of(*, project_id: int) -> QuerySet:
    from shabaka.projects.models import ProjectSector

    return ProjectSector.objects.filter(project_id=project_id).order_by("vocabulary", "id")


# What project_page returns for the parts of the page kept for the viewer (read lazily by the
# view: core.fragments.lazy_context); the steps, beside forms, are read by project_steps.
PROJECT_PAGE_CONTEXT = (
    "countries",
    "places",
    "roles",
    "funding",
    "funding_totals",
    "co_funded",
    "identifiers",
    "sectors",
    "documents",
    "sections",
)


def project_steps(*, project: Project, viewer) -> list[str]:
    """The status changes the viewer may make to the project (project staff only)."""
    from shabaka.projects.services import transitions_from

    return transitions_from(project.status) if is_project_staff(viewer) else []


def project_page(*, project: Project, viewer) -> dict:
    """Everything the project page shows, for this viewer. Organisations the viewer may not see
    are left out (their names never reach a public page): whether each may be seen is asked in
    the same query as the partners and the funding. A fixed number of queries, each ordered
    within the project only (the models' orderings would join the project to sort)."""
    from shabaka.content.selectors import current_documents_of

    participants = [p for p in _participants_of(viewer=viewer, project_id=project.pk) if p.shown]
    by_role = defaultdict(list)
    for participant in participants:
        participant.project = project
        by_role[participant.role].append(participant)
    roles = [
        {"role": role, "participants": by_role[role]}
        for role in OrganisationRole.values
        if by_role[role]
    ]
    funding = [
        f
        for f in _funding_of(viewer=viewer, project_id=project.pk)
        if f.funder_shown and (f.through_id is None or f.through_shown)
    ]
    totals = defaultdict(Decimal)
    for commitment in funding:
        commitment.project = project
        totals[commitment.currency] += commitment.amount
    from shabaka.directory.selectors import names_by_kind

    countries, places = names_by_kind(_where_names(project_id=project.pk), "country", "place")
    return {
        "project": project,
        "countries": countries,
        "places": places,
        "roles": roles,
        "funding": funding,
        "funding_totals": sorted(totals.items()),
        "co_funded": len({f.funder_id for f in funding}) > 1,
        "identifiers": list(_identifiers_of(project_id=project.pk)),
        "sectors": list(_sectors_of(project_id=project.pk)),
        "documents": current_documents_of(project, viewer=viewer),
        "steps": project_steps(project=project, viewer=viewer),
        "sections": project_sections(project=project, viewer=viewer),
    }


def status_choices():
    return ProjectStatus.choices


def projects_for_export(*, viewer=None, slug: str = "") -> QuerySet[Project]:
    """Public projects only: an IATI file is a public document, whoever downloads it."""
    projects = Project.objects.filter(visibility=Visibility.PUBLIC)
    if slug:
        projects = projects.filter(slug=slug)
    return projects.select_related("reporting_organisation").prefetch_related(
        "countries",
        "places",
        "identifiers",
        "sectors",
        "budgets",
        Prefetch(
            "participants",
            queryset=ParticipatingOrganisation.objects.filter(
                organisation__visibility=Visibility.PUBLIC
            ).select_related("organisation", "organisation__country", "acting_for__organisation"),
        ),
        Prefetch(
            "funding",
            queryset=Funding.objects.filter(
                Q(through__isnull=True) | Q(through__visibility=Visibility.PUBLIC),
                funder__visibility=Visibility.PUBLIC,
            ).select_related("funder", "through", "funder__country", "through__country"),
        ),
        "transactions__provider",
        "transactions__receiver",
    )
