from django.urls import path

from shabaka.plans import views

app_name = "plans"

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/<str:slug>/", views.plan_create, name="plan_create"),
    path("plans/network/<str:slug>/dashboard/", views.network_dashboard, name="network_dashboard"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/adopt/", views.plan_decide, {"decision": "adopt"}, name="plan_adopt"),
    path("plans/<int:pk>/revise/", views.plan_decide, {"decision": "revise"}, name="plan_revise"),
    path("plans/<int:pk>/close/", views.plan_decide, {"decision": "close"}, name="plan_close"),
    path("plans/<int:pk>/timeline/", views.plan_timeline, name="plan_timeline"),
    path("plans/<int:pk>/export.xlsx", views.plan_export, {"fmt": "xlsx"}, name="plan_export_xlsx"),
    path("plans/<int:pk>/export.csv", views.plan_export, {"fmt": "csv"}, name="plan_export_csv"),
    path("plans/<int:pk>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path("plans/<int:pk>/compare/", views.version_compare, name="version_compare"),
    path("plans/<int:pk>/objectives/new/", views.objective_edit, name="objective_create"),
    path(
        "plans/<int:pk>/objectives/<int:objective_id>/edit/",
        views.objective_edit,
        name="objective_edit",
    ),
    path("plans/<int:pk>/activities/new/", views.activity_edit, name="activity_create"),
    path(
        "plans/<int:pk>/activities/<int:activity_id>/edit/",
        views.activity_edit,
        name="activity_edit",
    ),
    path(
        "plans/<int:pk>/activities/<int:activity_id>/status/",
        views.activity_move,
        name="activity_move",
    ),
    path("plans/<int:pk>/indicators/new/", views.indicator_edit, name="indicator_create"),
    path(
        "plans/<int:pk>/indicators/<int:indicator_id>/",
        views.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "plans/<int:pk>/indicators/<int:indicator_id>/edit/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "plans/<int:pk>/indicators/<int:indicator_id>/progress/",
        views.progress_submit,
        name="progress_submit",
    ),
    path(
        "plans/<int:pk>/progress/<int:update_id>/validate/",
        views.progress_decide,
        {"decision": "validate"},
        name="progress_validate",
    ),
    path(
        "plans/<int:pk>/progress/<int:update_id>/reject/",
        views.progress_decide,
        {"decision": "reject"},
        name="progress_reject",
    ),
    path("plans/<int:pk>/adaptations/new/", views.adaptation_edit, name="adaptation_create"),
    path(
        "plans/<int:pk>/adaptations/<int:adaptation_id>/edit/",
        views.adaptation_edit,
        name="adaptation_edit",
    ),
]
