from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from shabaka.core import selectors
from shabaka.core.pagecache import cached_for_visitors


@never_cache
@require_safe
def switch_language(request):
    """Sets the interface language (a cookie) and goes back to `next`. A GET form, unlike
    Django's set_language, so the shell of a page carries no CSRF token and a signed-out
    visitor's page can be served from the page cache; changing someone's interface language
    from another site is all a forged request could do."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@cached_for_visitors
@require_safe
def home(request):
    return render(request, "core/home.html", selectors.home_page(viewer=request.user))


@never_cache
@require_safe
def healthz(request):
    database = selectors.database_status()
    status = 200 if database == "ok" else 503
    body = {"status": "ok" if status == 200 else "error", "checks": {"database": database}}
    return JsonResponse(body, status=status)


def server_error(request):
    """handler500: a database that does not answer is a 503 with a clear page, not an error."""
    import sys

    from django.db import DatabaseError, InterfaceError, OperationalError
    from django.template.loader import render_to_string

    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError) or (
        isinstance(exc, DatabaseError) and "could not connect" in str(exc)
    ):
        body = render_to_string("503.html")
        response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = "30"
        return response
    return HttpResponse(
        render_to_string("500.html"), status=500, content_type="text/html; charset=utf-8"
    )
