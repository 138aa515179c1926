"""API authentication: a bearer token for scripts, the session for the browser (with CSRF),
or no one at all for public reads. The same rules layer decides every access afterwards.

Failed token attempts are counted per client address in the cache (shared by all processes
when Redis is configured): past API_TOKEN_FAILURE_LIMIT failures in API_TOKEN_FAILURE_WINDOW
seconds, further bad tokens from that address are refused with 429 until the window ends. A
valid token still works from that address: one client's typos, or an attacker sharing its
address, must not lock out the scripts behind it. Guessing stays hopeless (a token holds 256
random bits); the limit keeps the noise down."""

import hashlib

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from ninja.security import APIKeyCookie, HttpBearer

from shabaka.accounts.addresses import client_address
from shabaka.accounts.tokens import user_for_token
from shabaka.api.errors import TooManyAttempts

DEFAULT_FAILURE_LIMIT = 10
DEFAULT_FAILURE_WINDOW = 15 * 60


def _limits() -> tuple[int, int]:
    return (
        getattr(settings, "API_TOKEN_FAILURE_LIMIT", DEFAULT_FAILURE_LIMIT),
        getattr(settings, "API_TOKEN_FAILURE_WINDOW", DEFAULT_FAILURE_WINDOW),
    )


def _failure_key(request) -> str:
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return f"shabaka:api-token-failures:{address}"


def _record_failure(key: str, window: int) -> None:
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            limit, window = _limits()
            key = _failure_key(request)
            if (cache.get(key) or 0) >= limit:
                raise TooManyAttempts(retry_after=window)
            _record_failure(key, window)
            return None
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
