"""URLs of the data-sharing pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("data/", views.dataset_list, name="datasets"),
    path("data/<int:dataset_id>/", views.dataset_detail, name="dataset"),
    path("data/<int:dataset_id>/download/", views.download, name="dataset-download"),
    path("data/agreements/<int:agreement_id>/act/", views.agreement_act, name="data-agreement-act"),
]
