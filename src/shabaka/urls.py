from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Shabaka"

urlpatterns = [
    path("", include("shabaka.core.urls")),
    path("accounts/", include("shabaka.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
