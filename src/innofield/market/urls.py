"""URLs of the market pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
