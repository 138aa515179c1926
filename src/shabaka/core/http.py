"""Small helpers for reading request input safely."""

from django.http import Http404

_MAX_ID = 2**63 - 1


def id_or_404(raw) -> int:
    """A record id posted or passed by the client (e.g. a "revoke" button's value): a positive
    integer the database can hold, or a 404 (never a server error on hostile input)."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < value <= _MAX_ID:
        raise Http404
    return value
