from django.urls import path

from shabaka.dialogues import views

app_name = "dialogues"

urlpatterns = [
    path("dialogues/", views.dialogue_list, name="dialogue_list"),
    path("dialogues/states/<str:code>/", views.state_detail, name="state_detail"),
    path("dialogues/appointments/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path("dialogues/appointments/<int:pk>/end/", views.appointment_end, name="appointment_end"),
    path(
        "dialogues/appointments/<int:pk>/briefing/",
        views.appointment_briefing,
        name="appointment_briefing",
    ),
    path("dialogues/delegations/<int:pk>/", views.delegation_detail, name="delegation_detail"),
    path("dialogues/<slug:slug>/", views.dialogue_detail, name="dialogue_detail"),
    path("dialogues/<slug:slug>/partners/", views.partner_states, name="partner_states"),
    path(
        "dialogues/<slug:slug>/partners/<int:pk>/<str:action>/",
        views.partner_state_change,
        name="partner_state_change",
    ),
    path("dialogues/<slug:slug>/appoint/", views.appointment_create, name="appointment_create"),
    path("dialogues/<slug:slug>/meetings/link/", views.meeting_link, name="meeting_link"),
    path(
        "dialogues/<slug:slug>/meetings/<slug:event_slug>/",
        views.meeting_detail,
        name="meeting_detail",
    ),
    path(
        "dialogues/<slug:slug>/meetings/<slug:event_slug>/delegations/",
        views.delegation_create,
        name="delegation_create",
    ),
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/<slug:code>/", views.framework_follow_up, name="framework_follow_up"),
    path("frameworks/<slug:code>/export.xlsx", views.framework_export, name="framework_export"),
    path("frameworks/tags/<slug:key>/<int:pk>/", views.tag_record, name="tag_record"),
]
