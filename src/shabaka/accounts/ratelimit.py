"""Small fixed-window rate limits kept in the cache (Redis in production, local memory in
development): `hit(key, limit, window)` counts one request and says whether it is allowed."""

import hashlib

from django.core.cache import cache

from shabaka.accounts.addresses import client_address

__all__ = ["client_address", "hit"]  # client_address: the one definition, re-exported for views


def _key(kind: str, value: str) -> str:
    # Hashed: the cache never holds an email or address in clear.
    return f"shabaka:rl:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def hit(kind: str, value: str, *, limit: int, window: int = 3600) -> bool:
    """Count one request of `kind` for `value`; False once more than `limit` in the window."""
    if limit <= 0:
        return True
    key = _key(kind, value)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
