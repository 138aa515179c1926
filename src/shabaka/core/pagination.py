from django.conf import settings
from django.core.paginator import Page, Paginator


def paginate(request, object_list, *, per_page: int | None = None) -> Page:
    """The requested page of `object_list`; a page number out of range gives the nearest page."""
    paginator = Paginator(object_list, per_page or settings.SHABAKA_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
