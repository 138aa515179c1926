from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from shabaka.api.auth import anyone, viewer
from shabaka.api.pagination import PageParams, paginate
from shabaka.api.schemas import ERRORS
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


def _project(p) -> dict:
    return {
        "slug": p.slug,
        "title": p.title,
        "acronym": p.acronym,
        "description": p.description,
        "iati_identifier": p.iati_identifier,
        "status": p.status,
        "planned_start": p.planned_start,
        "planned_end": p.planned_end,
        "actual_start": p.actual_start,
        "actual_end": p.actual_end,
        "countries": [c.code for c in p.countries.all()],
        "total_budget": p.total_budget,
        "currency": p.currency,
    }


def _queryset(user):
    return projects_visible_to(user).prefetch_related("countries")


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
        projects = projects.filter(countries__code=filters.country.upper()).distinct()
    return paginate(projects.order_by("title", "pk"), page, _project)


@router.get(
    "/projects/{slug}",
    response={200: ProjectOut, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def project_detail(request, slug: str):
    return _project(get_object_or_404(_queryset(viewer(request)), slug=slug))
