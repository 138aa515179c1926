from django.urls import path

from shabaka.networks import conduct_views, views

app_name = "networks"

urlpatterns = [
    path("networks/", views.network_list, name="network_list"),
    path("networks/new/", views.network_create, name="network_create"),
    path("networks/<str:slug>/", views.network_detail, name="network_detail"),
    path("networks/<str:slug>/edit/", views.network_edit, name="network_edit"),
    path("networks/<str:slug>/status/", views.network_status, name="network_status"),
    path(
        "networks/<str:slug>/coordinators/",
        views.network_coordinators,
        name="network_coordinators",
    ),
    path("networks/<str:slug>/apply/", views.membership_apply, name="membership_apply"),
    path(
        "networks/<str:slug>/code/adopt/",
        conduct_views.network_adopt_code,
        name="network_adopt_code",
    ),
    path("memberships/<int:pk>/decide/", views.membership_decide, name="membership_decide"),
    path("memberships/<int:pk>/role/", views.membership_role, name="membership_role"),
    path("memberships/<int:pk>/leave/", views.membership_leave, name="membership_leave"),
    path(
        "memberships/<int:pk>/endorse/",
        conduct_views.membership_endorse,
        name="membership_endorse",
    ),
    path("codes/new/", conduct_views.code_create, name="code_create"),
    path("codes/<int:pk>/", conduct_views.code_detail, name="code_detail"),
    path("codes/<int:pk>/versions/new/", conduct_views.code_version_new, name="code_version_new"),
    path(
        "code-versions/<int:pk>/edit/",
        conduct_views.code_version_edit,
        name="code_version_edit",
    ),
]
