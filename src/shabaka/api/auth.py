"""API authentication: a bearer token for scripts, the session for the browser (with CSRF),
or no one at all for public reads. The same rules layer decides every access afterwards."""

from django.contrib.auth.models import AnonymousUser
from ninja.security import APIKeyCookie, HttpBearer

from shabaka.accounts.tokens import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's session; ninja checks the CSRF token for unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


class Anonymous:
    """Lets a public read through without credentials; truthy so ninja accepts it."""

    def __call__(self, request):
        if "HTTP_AUTHORIZATION" in request.META:
            return None  # a bad token must fail, not fall back to anonymous
        request.user = getattr(request, "user", None) or AnonymousUser()
        return _ANONYMOUS


class _AnonymousMarker:
    def __bool__(self):
        return True


_ANONYMOUS = _AnonymousMarker()

signed_in = [TokenAuth(), SessionAuth(csrf=True)]
anyone = [TokenAuth(), SessionAuth(csrf=True), Anonymous()]


def viewer(request):
    """The user the request acts as (token or session), or an anonymous user."""
    user = getattr(request, "user", None)
    return user if user is not None else AnonymousUser()
