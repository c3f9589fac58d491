"""URLs of the observatory pages."""

from django.urls import path

from . import international_views, me, network_views, views

urlpatterns = [
    path("me/", me.me, name="me"),
    path("observatory/", views.overview, name="observatory"),
    path("observatory/index/", views.index_page, name="observatory-index"),
    path("observatory/ccd/", views.ccd_page, name="observatory-ccd"),
    path("observatory/inequality/", views.inequality_page, name="observatory-inequality"),
    path("observatory/flows/", views.flows_page, name="observatory-flows"),
    path("observatory/network/", network_views.network_page, name="observatory-network"),
    path(
        "observatory/international/",
        international_views.international_page,
        name="observatory-international",
    ),
]
