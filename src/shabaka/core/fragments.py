"""Parts of signed-in pages kept in the cache, never stale and never shown to someone else.

A template wraps a costly part in `{% kept %}` (core/templatetags/fragments.py), with what
else the part varies on:

    {% load fragments %}
    {% kept "plan-activities" plan.pk request.get_full_path %}…{% endkept %}

The part is kept in the "pages" cache (Redis when REDIS_URL is set, the process's memory
otherwise) under a key that holds, besides those values, the viewer's scope: the viewer themself
(their id, their roles, whether they are a superuser), the active language, today's date and
the generation number of every kind of record (core.pagecache). A committed write to any record
a page may show, or a change of the viewer's roles, makes every part kept before it unreachable;
no part kept for one viewer is found for another.

What a kept part may hold: no form (a CSRF token belongs to a session), nothing of the accounts
app (users' names, roles, sessions: writes to those raise no generation number) except through
the viewer's own roles. The data it shows is best handed to the template as a callable (a
template calls a callable it reads), so that a part found in the cache costs no query.

Signed-out visitors have the page cache instead: for them, and when the setting FRAGMENT_CACHE
is False, parts are rendered every time and nothing is kept.
"""

import hashlib
from functools import partial
from operator import getitem

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from shabaka.core.pagecache import CACHE_ALIAS, generations

_ATTR = "_shabaka_fragment_scope"

# What else a viewer's scope depends on, registered by the apps above core at ready() (accounts:
# the user's roles), so that core imports none of them: each `part(user)` returns a string.
SCOPE_PARTS: list = []


def fragment_scope(request: HttpRequest | None) -> str | None:
    """The viewer's scope for kept parts of this request's page (asked once per request), or
    None when nothing is kept for this viewer."""
    user = getattr(request, "user", None)
    if not (settings.FRAGMENT_CACHE and user and user.is_authenticated):
        return None
    scope = getattr(request, _ATTR, None)
    if scope is None:
        numbers = generations()
        parts = [
            get_language() or "",
            timezone.localdate().isoformat(),
            f"user={user.pk}",
            f"superuser={user.is_superuser}",
            *(part(user) for part in SCOPE_PARTS),
            ",".join(f"{kind}={numbers[kind]}" for kind in sorted(numbers)),
        ]
        scope = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        setattr(request, _ATTR, scope)
    return scope


def kept(request: HttpRequest | None, name: str, vary_on: list, render) -> str:
    """The part `name` for this viewer and these values: from the cache, or `render()` kept."""
    scope = fragment_scope(request)
    if scope is None:
        return render()
    store = caches[CACHE_ALIAS]
    key = make_template_fragment_key(name, [scope, *vary_on])
    value = store.get(key)
    if value is None:
        value = render()
        store.set(key, value, settings.PAGE_CACHE_TIMEOUT)
    return value


def lazy_context(load, names) -> dict:
    """Template context entries `names`, read from the dict `load()` returns, called the first
    time a template reads one of them: inside a kept part found in the cache, never."""
    data = SimpleLazyObject(load)
    return {name: partial(getitem, data, name) for name in names}
