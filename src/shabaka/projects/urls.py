from django.urls import path

from shabaka.projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/iati.xml", views.iati_export, name="iati_export"),
    path("projects/iati/import/", views.iati_import, name="iati_import"),
    path("projects/<slug:slug>/", views.project_detail, name="project_detail"),
    path("projects/<slug:slug>/edit/", views.project_edit, name="project_edit"),
    path("projects/<slug:slug>/status/<str:step>/", views.project_move, name="project_move"),
    path("projects/<slug:slug>/participants/", views.participant_add, name="participant_add"),
    path("projects/<slug:slug>/funding/", views.funding_add, name="funding_add"),
    path("projects/<slug:slug>/identifiers/", views.identifier_add, name="identifier_add"),
    path("projects/<slug:slug>/iati.xml", views.iati_export, name="iati_export_one"),
]
