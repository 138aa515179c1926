from django.urls import path

from shabaka.directory import views

app_name = "directory"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/import/", views.import_upload, name="import_upload"),
    path("organisations/import/<uuid:token>/", views.import_preview, name="import_preview"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/editors/", views.organisation_editors, name="organisation_editors"
    ),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
]
