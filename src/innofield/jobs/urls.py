"""URLs of the jobs pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("jobs/", views.mine, name="jobs-mine"),
    path("jobs/start/", views.start, name="jobs-start"),
    path("jobs/<int:job_id>/row/", views.row, name="jobs-row"),
    path("jobs/<int:job_id>/cancel/", views.cancel, name="jobs-cancel"),
]
