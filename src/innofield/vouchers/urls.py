"""URLs of the vouchers pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
