from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


def paginate(request, object_list, *, per_page: int | None = None) -> Page:
    """The requested page of `object_list`; a page number out of range gives the nearest page."""
    return paginate_page(object_list, page_number=request.GET.get("page"), per_page=per_page)


def paginate_page(object_list, *, page_number, per_page: int | None = None) -> Page:
    """Page `page_number` of `object_list` (a queryset or a list): the rows counted, then the
    page read; a number out of range gives the nearest page."""
    paginator = Paginator(object_list, per_page or settings.SHABAKA_PAGE_SIZE)
    return paginator.get_page(page_number)


class CappedPaginator(Paginator):
    """A paginator that counts at most `limit` rows (read `limit + 1` to know whether there are
    more): `more` tells the template to say "page 2 of more than 12". Counting every matching
    row grows with the data; this count grows only with the page asked for."""

    def __init__(self, object_list, per_page, *, limit: int):
        super().__init__(object_list, per_page)
        self.limit = limit
        self.more = False

    @cached_property
    def count(self) -> int:
        found = self.object_list[: self.limit + 1].count()
        self.more = found > self.limit
        return min(found, self.limit)


def paginate_capped(request, object_list, *, per_page: int | None = None, ahead: int = 10) -> Page:
    """Like `paginate`, counting no further than `ahead` pages past the requested one: "Next"
    always works while there are more rows, and the count never reads the whole table."""
    return paginate_capped_page(
        object_list, page_number=request.GET.get("page"), per_page=per_page, ahead=ahead
    )


def paginate_capped_page(
    object_list, *, page_number, per_page: int | None = None, ahead: int = 10
) -> Page:
    """`paginate_capped` for a page number given directly."""
    per_page = per_page or settings.SHABAKA_PAGE_SIZE
    try:
        number = min(max(1, int(page_number or 1)), 100_000)
    except (TypeError, ValueError):
        number = 1
    paginator = CappedPaginator(object_list, per_page, limit=(number + ahead) * per_page)
    return paginator.get_page(number)
