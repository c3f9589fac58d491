"""URLs of the matchmaking pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("demands/<int:demand_id>/matches/", views.demand_matches, name="demand-matches"),
    path(
        "demands/<int:demand_id>/matches/<int:item_id>/feedback/",
        views.give_feedback,
        name="match-feedback",
    ),
]
