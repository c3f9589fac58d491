"""URLs of the matchmaking pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
