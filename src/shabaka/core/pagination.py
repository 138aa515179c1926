from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


def paginate(request, object_list, *, per_page: int | None = None) -> Page:
    """The requested page of `object_list`; a page number out of range gives the nearest page."""
    paginator = Paginator(object_list, per_page or settings.SHABAKA_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def paginate_read(
    read, *, page_number, per_page: int | None = None, count_read=None, **values
) -> Page:
    """`paginate` for a prepared read (core.prepared): the rows counted (by `count_read`, if the
    rows are counted best on a narrower query), then the page read, each in one prepared
    query. `values` go to the reads (with `viewer`, `prepare`)."""
    per_page = per_page or settings.SHABAKA_PAGE_SIZE
    paginator = Paginator((), per_page)
    paginator.count = (count_read or read).count(**values)
    page = paginator.get_page(page_number)
    page.object_list = read(window=((page.number - 1) * per_page, per_page), **values)
    return page


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
    per_page = per_page or settings.SHABAKA_PAGE_SIZE
    try:
        number = min(max(1, int(request.GET.get("page") or 1)), 100_000)
    except (TypeError, ValueError):
        number = 1
    paginator = CappedPaginator(object_list, per_page, limit=(number + ahead) * per_page)
    return paginator.get_page(number)


def paginate_read_capped(
    read, *, page_number, per_page: int | None = None, ahead: int = 10, **values
) -> Page:
    """`paginate_capped` for a prepared read: counting no further than `ahead` pages past the
    requested one, then reading the page, each in one prepared query."""
    per_page = per_page or settings.SHABAKA_PAGE_SIZE
    try:
        number = min(max(1, int(page_number or 1)), 100_000)
    except (TypeError, ValueError):
        number = 1
    limit = (number + ahead) * per_page
    paginator = CappedPaginator((), per_page, limit=limit)
    found = read.count(limit=limit + 1, **values)
    paginator.more = found > limit
    paginator.count = min(found, limit)
    page = paginator.get_page(number)
    page.object_list = read(window=((page.number - 1) * per_page, per_page), **values)
    return page
