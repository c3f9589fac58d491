"""URLs of the market pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("market/", views.browse, name="market"),
    path("market/listings/new/", views.listing_create, name="market-listing-create"),
    path("market/listings/<int:listing_id>/", views.listing_detail, name="market-listing"),
    path("market/listings/<int:listing_id>/act/", views.listing_act, name="market-listing-act"),
    path("market/deals/<int:deal_id>/", views.deal_detail, name="market-deal"),
    path("market/deals/<int:deal_id>/act/", views.deal_act, name="market-deal-act"),
    path("market/registrations.csv", views.registrations_csv, name="market-registrations"),
    path("market/my/<str:role>/", views.my_market, name="market-my"),
]
