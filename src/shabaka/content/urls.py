from django.urls import path

from shabaka.content import views

app_name = "content"

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/upload/", views.document_upload, name="document_upload"),
    path("documents/<uuid:public_id>/", views.document_download, name="document_download"),
    path("documents/<uuid:public_id>/about/", views.document_detail, name="document_detail"),
    path(
        "documents/<uuid:public_id>/new-version/",
        views.document_new_version,
        name="document_new_version",
    ),
    path("news/", views.news_list, name="news_list"),
    path("news/new/", views.news_create, name="news_create"),
    path("news/drafts/", views.news_drafts, name="news_drafts"),
    path("news/feed.atom", views.news_feed, name="news_feed"),
    path("news/feed/<slug:project>.atom", views.news_feed, name="project_news_feed"),
    path("news/<str:slug>/", views.news_detail, name="news_detail"),
    path("news/<str:slug>/edit/", views.news_edit, name="news_edit"),
    path("news/<str:slug>/publish/", views.news_publish, name="news_publish"),
    path("news/<str:slug>/withdraw/", views.news_unpublish, name="news_unpublish"),
    path("news/<str:slug>/image", views.news_image, name="news_image"),
]
