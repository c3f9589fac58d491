"""URLs of the talent pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("talent/", views.profile_list, name="talent"),
    path("talent/me/", views.my_profile, name="talent-me"),
    path("talent/export.csv", views.export_csv, name="talent-export"),
    path("talent/flows/", views.flow_matrix, name="talent-flows"),
    path("talent/demands/", views.demand_list, name="talent-demands"),
    path("talent/demands/<str:code>/", views.demand_detail, name="talent-demand"),
    path("talent/<int:profile_id>/", views.profile_detail, name="talent-profile"),
    path("talent/<int:profile_id>/consent/", views.consent_act, name="talent-consent"),
]
