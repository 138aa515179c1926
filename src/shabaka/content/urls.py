from django.urls import path

from shabaka.content import views

app_name = "content"

urlpatterns = [
    path("documents/<uuid:public_id>/", views.document_download, name="document_download"),
]
