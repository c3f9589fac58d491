"""URLs of the booking pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
