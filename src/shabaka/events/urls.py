from django.urls import path

from shabaka.events import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/calendar/", views.event_calendar, name="event_calendar"),
    path("events/feed.ics", views.events_feed, name="events_feed"),
    path("events/new/", views.event_create, name="event_create"),
    path(
        "events/nominations/respond/<str:token>/",
        views.nomination_respond,
        name="nomination_respond",
    ),
    path(
        "events/nominations/<int:pk>/<slug:step>/",
        views.nomination_step,
        name="nomination_step",
    ),
    path("events/invitations/<int:pk>/", views.invitation_detail, name="invitation_detail"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events/<slug:slug>/event.ics", views.event_ics, name="event_ics"),
    path("events/<slug:slug>/edit/", views.event_edit, name="event_edit"),
    path("events/<slug:slug>/step/<slug:step>/", views.event_step, name="event_step"),
    path("events/<slug:slug>/console/", views.event_console, name="event_console"),
    path("events/<slug:slug>/invitations/", views.invitation_create, name="invitation_create"),
    path("events/<slug:slug>/participants/", views.participant_add, name="participant_add"),
    path("events/<slug:slug>/sessions/", views.session_add, name="session_add"),
    path("events/<slug:slug>/materials/", views.material_add, name="material_add"),
    path("events/<slug:slug>/attendance/", views.attendance_set, name="attendance_set"),
    path("events/<slug:slug>/attendance-sheet/", views.attendance_sheet, name="attendance_sheet"),
    path("events/<slug:slug>/feedback/", views.feedback_give, name="feedback_give"),
    path("events/<slug:slug>/feedback/results/", views.feedback_results, name="feedback_results"),
]
