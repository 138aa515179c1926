"""Links for many rows of a list, reversed once."""

from collections.abc import Callable

from django.urls import reverse
from django.utils.encoding import iri_to_uri

# Values that every URL converter used with `link_maker` accepts (int, slug, str) and that no
# real URL contains, so replacing the marker in the reversed URL puts the row's value there.
_MARKERS = {"int": 918273645546372, "slug": "x-link-marker-7f3a"}


def link_maker(viewname: str, converter: str = "int") -> Callable[[object], str]:
    """A function value -> URL of `viewname`, which takes one argument. reverse() per row (a
    link per organisation and per network it belongs to) cost a 25-row list about as much as
    its queries; this reverses once and formats each row's link."""
    marker = _MARKERS[converter]
    pattern = reverse(viewname, args=[marker])
    head, _, tail = pattern.partition(str(marker))

    def link(value) -> str:
        return f"{head}{iri_to_uri(str(value))}{tail}"

    return link
