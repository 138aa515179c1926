from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from shabaka.api.auth import anyone, viewer
from shabaka.api.pagination import PageParams, paginate
from shabaka.api.schemas import ERRORS
from shabaka.core.selectors import grouped_values
from shabaka.projects.models import Project
from shabaka.projects.selectors import projects_visible_to

router = Router(tags=["projects"])


class ProjectOut(Schema):
    slug: str
    title: str
    acronym: str
    description: str
    iati_identifier: str
    status: str
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    countries: list[str]
    total_budget: Decimal | None
    currency: str


class ProjectPage(Schema):
    count: int
    page: int
    pages: int
    items: list[ProjectOut]


class ProjectFilters(Schema):
    status: str | None = None
    country: str | None = None


_FIELDS = (
    "slug",
    "title",
    "acronym",
    "description",
    "iati_identifier",
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "total_budget",
    "currency",
)


def _serialise(rows: list[dict]) -> list[dict]:
    """Rows of `_FIELDS` (and pk) with their countries' codes, in the countries' order: one
    query for all the rows, read as tuples (no model instances)."""
    countries = grouped_values(
        Project.countries.through.objects.filter(project_id__in=[r["pk"] for r in rows]).order_by(
            "country__name", "country_id"
        ),
        "project_id",
        "country__code",
    )
    return [{**row, "countries": countries.get(row.pop("pk"), [])} for row in rows]


def _queryset(user):
    return projects_visible_to(user).values("pk", *_FIELDS)


@router.get(
    "/projects",
    response={200: ProjectPage, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def project_list(request, filters: Query[ProjectFilters], page: Query[PageParams]):
    projects = _queryset(viewer(request))
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.country:
        # A subquery, not a join: no duplicates, so no DISTINCT over the list.
        projects = projects.filter(
            pk__in=Project.countries.through.objects.filter(
                country__code=filters.country.upper()
            ).values("project_id")
        )
    # Ordered by (title, pk), which the projects_by_*title indexes hold.
    result = paginate(projects.order_by("title", "pk"), page, lambda row: row)
    result["items"] = _serialise(result["items"])
    return result


@router.get(
    "/projects/{slug}",
    response={200: ProjectOut, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def project_detail(request, slug: str):
    return _serialise([get_object_or_404(_queryset(viewer(request)), slug=slug)])[0]
