from datetime import datetime

from django.urls import reverse
from ninja import Query, Router, Schema

from shabaka.api.auth import anyone, viewer
from shabaka.api.pagination import PageParams, paginate
from shabaka.api.schemas import ERRORS
from shabaka.content.selectors import documents_visible_to

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
