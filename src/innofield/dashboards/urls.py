"""URLs of the dashboards pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
