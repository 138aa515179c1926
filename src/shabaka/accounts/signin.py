"""Sign-in helpers for django-axes."""


def axes_username(request, credentials: dict | None) -> str | None:
    """The account a sign-in attempt is for, normalised as stored, so that "Ali@X.org " and
    "ali@x.org" count against the same account."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return raw.strip().lower() if raw else None
