from datetime import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema

from shabaka.api.auth import anyone, viewer
from shabaka.api.pagination import PageParams, paginate
from shabaka.api.schemas import ERRORS
from shabaka.content import selectors as news_selectors
from shabaka.content.selectors import documents_visible_to
from shabaka.projects.selectors import projects_visible_to

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: str
    title: str
    description: str
    language: str
    visibility: str
    version: int
    mime_type: str
    size: int
    uploaded_at: datetime
    download_url: str


class DocumentPage(Schema):
    count: int
    page: int
    pages: int
    items: list[DocumentOut]


class DocumentFilters(Schema):
    language: str | None = None


def _document(d) -> dict:
    return {
        "id": str(d.public_id),
        "title": d.title,
        "description": d.description,
        "language": d.language,
        "visibility": d.visibility,
        "version": d.version,
        "mime_type": d.mime_type,
        "size": d.size,
        "uploaded_at": d.uploaded_at,
        "download_url": reverse("content:document_download", args=[d.public_id]),
    }


@router.get(
    "/documents",
    response={200: DocumentPage, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def document_list(request, filters: Query[DocumentFilters], page: Query[PageParams]):
    documents = documents_visible_to(viewer(request)).filter(is_current=True)
    if filters.language:
        documents = documents.filter(language=filters.language)
    return paginate(documents.order_by("-uploaded_at", "-pk"), page, _document)


# --- News ----------------------------------------------------------------------------------------

news_router = Router(tags=["news"])


class NewsOut(Schema):
    slug: str
    title: str
    summary: str
    body_html: str
    language: str
    status: str
    published_at: datetime | None
    countries: list[str]
    tags: list[str]
    projects: list[str]
    url: str


class NewsPage(Schema):
    count: int
    page: int
    pages: int
    items: list[NewsOut]


class NewsFilters(Schema):
    country: str | None = None
    project: str | None = None
    tag: str | None = None


def _news(n, projects) -> dict:
    return {
        "slug": n.slug,
        "title": n.title,
        "summary": n.summary,
        "body_html": n.body_html,
        "language": n.language,
        "status": n.status,
        "published_at": n.published_at,
        # Prefetched as lists by content.selectors.news_list (and below for one item).
        "countries": [c.code for c in n.country_list],
        "tags": [t.slug for t in n.tag_list],
        "projects": [p.slug for p in projects],
        "url": reverse("content:news_detail", args=[n.slug]),
    }


@news_router.get(
    "/news",
    response={200: NewsPage, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def news_list(request, filters: Query[NewsFilters], page: Query[PageParams]):
    """Published news, newest first."""
    news = news_selectors.news_list(
        viewer=viewer(request),
        country=(filters.country or "").upper(),
        project=filters.project or "",
        tag=filters.tag or "",
    )
    return paginate(news, page, lambda n: _news(n, n.visible_projects))


@news_router.get(
    "/news/{slug}",
    response={200: NewsOut, **ERRORS},
    auth=anyone,
    openapi_extra={"x-public": True},
)
def news_detail(request, slug: str):
    """A news item: published ones for everyone, drafts for those who may see them."""
    user = viewer(request)
    news = get_object_or_404(
        news_selectors.news_visible_to(user).prefetch_related(
            Prefetch("countries", to_attr="country_list"), Prefetch("tags", to_attr="tag_list")
        ),
        slug=slug,
    )
    return _news(news, projects_visible_to(user).filter(news=news).order_by("title"))
