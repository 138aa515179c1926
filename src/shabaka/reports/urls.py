from django.urls import path

from shabaka.reports import views

app_name = "reports"

urlpatterns = [
    path("dashboards/", views.platform_dashboard, name="platform_dashboard"),
    path("dashboards/networks/<str:slug>/", views.network_dashboard, name="network_dashboard"),
    path("dashboards/projects/<slug:slug>/", views.project_dashboard, name="project_dashboard"),
    path(
        "dashboards/dialogues/<slug:slug>/<str:code>/",
        views.dialogue_dashboard,
        name="dialogue_dashboard",
    ),
    path("reports/projects/<slug:slug>/donor/", views.donor_report, name="donor_report"),
    path("reports/projects/<slug:slug>/donor.pdf", views.donor_report_pdf, name="donor_report_pdf"),
    path("exports/<str:key>.<str:fmt>", views.list_export, name="list_export"),
    path(
        "exports/networks/<str:slug>/members.<str:fmt>",
        views.list_export,
        {"key": "network-members"},
        name="network_members_export",
    ),
]
