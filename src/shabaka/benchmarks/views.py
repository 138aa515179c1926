"""Two reference views the benchmark measures beside the real pages, on the same server:
a bare response, and a plain 50-row table of organisations (the "reference list")."""

from django.http import HttpResponse
from django.shortcuts import render

from shabaka.directory.models import Organisation


def reference_plain(request):
    return HttpResponse("ok", content_type="text/plain")


def reference_list(request):
    organisations = Organisation.objects.select_related("country").order_by("id")[:50]
    return render(request, "benchmarks/reference_list.html", {"organisations": organisations})
