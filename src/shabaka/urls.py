from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Shabaka"

urlpatterns = [
    path("", include("shabaka.core.urls")),
    path("accounts/", include("shabaka.accounts.urls")),
    path("", include("shabaka.jobs.urls")),
    # Each app names its own paths in full (e.g. "organisations/<int:pk>/").
    path("", include("shabaka.directory.urls")),
    path("", include("shabaka.networks.urls")),
    path("", include("shabaka.content.urls")),
    path("", include("shabaka.plans.urls")),
    path("", include("shabaka.events.urls")),
    path("", include("shabaka.dialogues.urls")),
    path("", include("shabaka.projects.urls")),
    path("", include("shabaka.search.urls")),
    path("", include("shabaka.reports.urls")),
    path("", include("shabaka.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_REFERENCE_VIEWS:
    from shabaka.benchmarks import views as bench_views

    urlpatterns += [
        path("_bench/plain", bench_views.reference_plain),
        path("_bench/list", bench_views.reference_list),
    ]

handler500 = "shabaka.core.views.server_error"
