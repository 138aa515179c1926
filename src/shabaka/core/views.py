from django.http import JsonResponse
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
