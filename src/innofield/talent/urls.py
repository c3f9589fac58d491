"""URLs of the talent pages."""

from django.urls import path

from . import consultation_views, demand_views, views

urlpatterns = [
    path("talent/", views.profile_list, name="talent"),
    path("talent/me/", consultation_views.my_profile, name="talent-me"),
    path(
        "talent/me/availability/",
        consultation_views.my_availability,
        name="talent-availability",
    ),
    path(
        "talent/consultations/", consultation_views.consultation_list, name="talent-consultations"
    ),
    path(
        "talent/consultations/<int:consultation_id>/act/",
        consultation_views.consultation_act,
        name="talent-consultation-act",
    ),
    path("talent/export.csv", views.export_csv, name="talent-export"),
    path("talent/flows/", views.flow_matrix, name="talent-flows"),
    path("talent/demands/", views.demand_list, name="talent-demands"),
    path("talent/demands/new/", demand_views.demand_create, name="talent-demand-create"),
    path("talent/demands/<str:code>/", views.demand_detail, name="talent-demand"),
    path("talent/demands/<str:code>/act/", demand_views.demand_act, name="talent-demand-act"),
    path("talent/<int:profile_id>/", views.profile_detail, name="talent-profile"),
    path("talent/<int:profile_id>/consent/", views.consent_act, name="talent-consent"),
    path("talent/<int:profile_id>/moves/", consultation_views.move_act, name="talent-move"),
    path("talent/<int:profile_id>/ask/", consultation_views.ask, name="talent-ask"),
]
