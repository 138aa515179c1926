from ninja import Query, Router, Schema

from shabaka.api.auth import anyone, viewer
from shabaka.api.schemas import ERRORS
from shabaka.search.selectors import search

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str
    type: list[str] = []
    page: int = 1


class ResultOut(Schema):
    kind: str
    title_html: str
    snippet_html: str
    url: str
    language: str


class SearchOut(Schema):
    query: str
    total: int
    capped: bool  # only the most recent matches were counted: total and counts are lower bounds
    page: int
    pages: int
    counts: dict[str, int]
    results: list[ResultOut]


@router.get(
    "/search", response={200: SearchOut, **ERRORS}, auth=anyone, openapi_extra={"x-public": True}
)
def search_everything(request, params: Query[SearchParams]):
    outcome = search(
        query=params.q[:200], viewer=viewer(request), kinds=params.type or None, page=params.page
    )
    return {
        "query": outcome.query,
        "total": outcome.total,
        "capped": outcome.capped,
        "page": outcome.page,
        "pages": outcome.pages,
        "counts": {kind: count for kind, (_label, count) in outcome.counts.items()},
        "results": [
            {
                "kind": r.kind,
                "title_html": str(r.title),
                "snippet_html": str(r.snippet),
                "url": r.url,
                "language": r.language,
            }
            for r in outcome.results
        ],
    }
