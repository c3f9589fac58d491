"""URLs of the vouchers pages."""

from django.urls import path

from . import programme_views, views

urlpatterns = [
    path("vouchers/", views.home, name="vouchers"),
    path(
        "vouchers/programmes/new/",
        programme_views.programme_create,
        name="voucher-programme-create",
    ),
    path("vouchers/programmes/<str:code>/", views.programme_detail, name="voucher-programme"),
    path("vouchers/grants/<int:grant_id>/", views.grant_detail, name="voucher-grant"),
    path(
        "vouchers/redemptions/<int:redemption_id>/clawback/",
        views.clawback,
        name="voucher-clawback",
    ),
    path("vouchers/settlements/", views.settlements, name="voucher-settlements"),
]
