"""URLs of the core pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("audit/", views.audit_trail, name="audit"),
]
