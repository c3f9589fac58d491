"""URLs of the catalog pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("catalog/", views.browse, name="catalog"),
    path("catalog/import/", views.import_upload, name="catalog-import"),
    path("catalog/import/<int:job_id>/", views.import_job, name="catalog-import-job"),
    path(
        "catalog/import/<int:job_id>/status/",
        views.import_job_status,
        name="catalog-import-status",
    ),
    path("items/new/", views.item_create, name="item-create"),
    path("items/<int:item_id>/", views.item_detail, name="item-detail"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:item_id>/retire/", views.item_retire, name="item-retire"),
    path("demands/", views.demand_list, name="demand-list"),
    path("demands/new/", views.demand_create, name="demand-create"),
    path("demands/<int:demand_id>/", views.demand_detail, name="demand-detail"),
]
