from django.urls import path

from shabaka.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<uuid:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/download", views.job_download, name="job_download"),
    path("jobs/<uuid:pk>/retry", views.job_retry, name="job_retry"),
]
