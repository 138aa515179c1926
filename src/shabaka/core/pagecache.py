"""Pages for signed-out visitors served from a cache, never stale.

A view marked `@cached_for_visitors` (and every GET of the public JSON API) keeps its response
for signed-out visitors in the "pages" cache: Redis when REDIS_URL is set, the process's memory
otherwise. The key holds the language, the full path with its query string, whether htmx asked
for a fragment, today's date, and the generation number of every kind of record (core.models.
Generation). After every committed write the kind of the record written gets a new number
(`bump_on_commit`), so no page cached before the write can be found again. The numbers are
raised from two places that together see every write: the models' save and delete signals
(services, the admin, a shell), and the audit log, which every service writes, for the writes
that send no signal (QuerySet.update).

Only visitors with no session cookie, no messages cookie and no Authorization header are
served from the cache or have their page kept; a response that sets a cookie (a CSRF token,
a session) or says it must not be cached is never kept. PAGE_CACHE=0 turns the cache off;
PAGE_CACHE_TIMEOUT bounds how long a page is kept, and so how late a part that depends only
on the time of day (an event that has just started) may show.
"""

import hashlib
import threading
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_max_age
from django.utils.translation import get_language_from_request

CACHE_ALIAS = "pages"
API_PREFIX = "/api/"
# Apps whose records never reach a signed-out visitor's page: their writes (a sign-in updating
# last_login, a session, a lockout, a job's progress, an email sent) must not empty the cache.
NOT_SHOWN = frozenset(
    {"core", "accounts", "api", "admin", "sessions", "contenttypes", "auth", "jobs"}
)

_pending = threading.local()


def cached_for_visitors(view: Callable) -> Callable:
    """Marks a view whose signed-out responses may be kept (PageCacheMiddleware)."""
    view.cached_for_visitors = True
    return view


def shown_kind(model) -> str | None:
    """The kind of `model`'s records, if a signed-out visitor may see them anywhere."""
    meta = model._meta
    if meta.apps is not apps or meta.app_label in NOT_SHOWN:
        return None  # a migration's historical model, or a record no visitor sees
    if not meta.app_config.name.startswith("shabaka."):
        return None
    return meta.app_label


def generations() -> dict[str, int]:
    from shabaka.core.models import Generation

    return dict(Generation.objects.values_list("kind", "number"))


def bump(*kinds: str) -> None:
    """New numbers for `kinds`, at once (outside a transaction, or after it committed)."""
    from shabaka.core.models import Generation

    kinds = sorted(set(kinds))
    if not kinds:
        return
    raised = Generation.objects.filter(kind__in=kinds).update(number=F("number") + 1)
    if raised < len(kinds):
        Generation.objects.bulk_create(
            [Generation(kind=kind, number=1) for kind in kinds], ignore_conflicts=True
        )


def bump_on_commit(kind: str | None) -> None:
    """New numbers for `kind` once the current transaction commits (at once outside one)."""
    if kind is None:
        return
    kinds = _pending_kinds()
    kinds.add(kind)
    # One callback per write: the first to run after a commit raises every kind written in
    # that transaction, and the others find nothing left to do. A kind left over by a rolled
    # back transaction is raised with the next commit, which is harmless.
    transaction.on_commit(_flush)


def _pending_kinds() -> set[str]:
    kinds = getattr(_pending, "kinds", None)
    if kinds is None:
        kinds = _pending.kinds = set()
    return kinds


def _flush() -> None:
    kinds = _pending_kinds()
    if kinds:
        written = set(kinds)
        kinds.clear()
        bump(*written)


def _on_write(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    bump_on_commit(shown_kind(sender))


def _on_m2m(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        bump_on_commit(shown_kind(type(instance)))
        bump_on_commit(shown_kind(kwargs["model"]))


def connect_signals() -> None:
    post_save.connect(_on_write, dispatch_uid="shabaka.pagecache.save")
    post_delete.connect(_on_write, dispatch_uid="shabaka.pagecache.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="shabaka.pagecache.m2m")


class PageCacheMiddleware:
    """Serves a signed-out visitor's GET of a cacheable view from the cache, or keeps the
    response. Placed right after SecurityMiddleware so that a page served from the cache skips
    the session, authentication and CSRF work, and a kept page holds every header the
    middleware below it added."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request) if settings.PAGE_CACHE else None
        if key is None:
            return self.get_response(request)
        store = caches[CACHE_ALIAS]
        kept = store.get(key)
        if kept is not None:
            return _response_from(kept)
        response = self.get_response(request)
        if _may_keep(response):
            store.set(key, _kept(response), settings.PAGE_CACHE_TIMEOUT)
        return response

    def _key(self, request: HttpRequest) -> str | None:
        if request.method != "GET" or not _signed_out(request):
            return None
        if not request.path.startswith(API_PREFIX):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return None
            if not getattr(match.func, "cached_for_visitors", False):
                return None
        numbers = generations()
        parts = [
            get_language_from_request(request),
            "htmx" if request.headers.get("HX-Request") else "page",
            timezone.localdate().isoformat(),
            ",".join(f"{kind}={numbers[kind]}" for kind in sorted(numbers)),
            request.get_full_path(),
        ]
        return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _signed_out(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        # The cookie of django.contrib.messages' cookie storage (CookieStorage.cookie_name).
        or "messages" in cookies
        or "Authorization" in request.headers
    )


def _may_keep(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return not ("private" in control or "no-store" in control or get_max_age(response) == 0)


def _kept(response: HttpResponse) -> tuple:
    return (response.status_code, list(response.items()), response.content)


def _response_from(kept: tuple) -> HttpResponse:
    status, headers, content = kept
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
