"""One policy for refusals, the same in every app (DESIGN.md, "Refusals").

- A record the viewer may not see answers 404, as if it did not exist: load it through what
  the viewer may see (`get_visible_or_404`, or `visible_or_404` for a selector that answers
  None), never load it first and then ask whether it may be seen.
- An action refused on a record the viewer can see answers 403 (`require_permission`, asked
  only once the record was loaded through what the viewer may see); so does an action that
  concerns no record (creating one, an import, an export) that the viewer may not take.

HTML views and the API both raise Http404 and PermissionDenied: Django answers the page's
404 and 403, the API maps them to its documented "not_found" and "forbidden" errors
(api.errors).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from shabaka.core.visibility import RecordVisibility


def get_visible_or_404(source, viewer=None, /, **lookup):
    """The one record matching `lookup` among those the viewer may see, else Http404.

    `source` is a RecordVisibility (then `viewer` is given), or a queryset a selector already
    narrowed to what the viewer may see (`networks_visible_to(user)`, `plan.objectives`), or
    the model or manager of records everyone may see (dialogues, countries)."""
    if isinstance(source, RecordVisibility):
        source = source.queryset(viewer)
    elif viewer is not None:
        raise TypeError("viewer is given with a RecordVisibility, not with a queryset")
    return get_object_or_404(source, **lookup)


def visible_or_404(record):
    """`record`, or Http404 when a selector found none the viewer may see (None)."""
    if record is None:
        raise Http404
    return record


def require_permission(user, perm: str, record=None) -> None:
    """PermissionDenied (403) unless the user holds `perm` (on `record`, when given). Ask it
    only of a record already known to be visible to the user: a hidden one is a 404 first."""
    allowed = user.has_perm(perm) if record is None else user.has_perm(perm, record)
    if not allowed:
        raise PermissionDenied
