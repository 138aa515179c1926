from django.core.paginator import Paginator
from ninja import Schema

MAX_PAGE_SIZE = 100


class PageParams(Schema):
    page: int = 1
    page_size: int = 25


def paginate(queryset, params: PageParams, serialise) -> dict:
    size = max(1, min(params.page_size, MAX_PAGE_SIZE))
    paginator = Paginator(queryset, size)
    page = paginator.get_page(max(1, params.page))
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "items": [serialise(obj) for obj in page.object_list],
    }
