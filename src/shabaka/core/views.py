from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from shabaka.core import selectors


@require_GET
def home(request):
    return render(request, "core/home.html", selectors.home_page(viewer=request.user))


@never_cache
@require_GET
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
