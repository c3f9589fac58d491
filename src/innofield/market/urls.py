"""URLs of the market pages."""

from django.urls import path

from . import views, views_party, views_xborder

urlpatterns = [
    path("market/", views.browse, name="market"),
    path("market/listings/new/", views.listing_create, name="market-listing-create"),
    path("market/listings/<int:listing_id>/", views.listing_detail, name="market-listing"),
    path("market/listings/<int:listing_id>/act/", views.listing_act, name="market-listing-act"),
    path("market/deals/<int:deal_id>/", views.deal_detail, name="market-deal"),
    path("market/deals/<int:deal_id>/act/", views.deal_act, name="market-deal-act"),
    path(
        "market/deals/<int:deal_id>/cross-border/",
        views_xborder.file_terms,
        name="market-deal-cross-border",
    ),
    path("market/cross-border/", views_xborder.review_list, name="market-cross-border"),
    path(
        "market/cross-border/<int:contract_id>/act/",
        views_xborder.contract_act,
        name="market-cross-border-act",
    ),
    path("market/registrations.csv", views_party.registrations_csv, name="market-registrations"),
    path("market/my/<str:role>/", views_party.my_market, name="market-my"),
]
