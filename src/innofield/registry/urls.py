"""URLs of the registry pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/", views.region_list, name="region-list"),
    path("regions/<str:code>/", views.region_detail, name="region-detail"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<str:code>/", views.organization_detail, name="organization-detail"),
    path("organizations/<str:code>/edit/", views.organization_edit, name="organization-edit"),
    path("cooperation-bases/", views.cooperation_base_list, name="cooperation-base-list"),
]
