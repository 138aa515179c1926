from django.shortcuts import render
from django.views.decorators.http import require_safe

from shabaka.core.pagecache import cached_for_visitors
from shabaka.search.registry import installed_entries
from shabaka.search.selectors import POOL, search


@cached_for_visitors
@require_safe
def search_page(request):
    query = request.GET.get("q", "").strip()[:200]
    kinds = [k for k in request.GET.getlist("type") if k]
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    outcome = search(query=query, viewer=request.user, kinds=kinds, page=page)
    context = {
        "outcome": outcome,
        "query": query,
        "kinds": kinds,
        "all_kinds": [(e.kind, e.kind_label) for e in installed_entries()],
        "pool": POOL,
    }
    return render(request, "search/search.html", context)
