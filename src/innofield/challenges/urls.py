"""URLs of the challenge pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("challenges/", views.challenge_list, name="challenges"),
    path("challenges/new/", views.challenge_new, name="challenge-new"),
    path("challenges/<int:challenge_id>/", views.challenge_detail, name="challenge"),
    path("challenges/<int:challenge_id>/act/", views.challenge_act, name="challenge-act"),
    path("challenges/<int:challenge_id>/submit/", views.challenge_submit, name="challenge-submit"),
    path("challenges/<int:challenge_id>/award/", views.challenge_award, name="challenge-award"),
    path(
        "challenges/<int:challenge_id>/solvers/", views.challenge_solvers, name="challenge-solvers"
    ),
    path(
        "challenges/submissions/<int:submission_id>/score/",
        views.submission_score,
        name="challenge-score",
    ),
    path(
        "challenges/submissions/<int:submission_id>/act/",
        views.submission_act,
        name="challenge-submission-act",
    ),
    path(
        "challenges/submissions/<int:submission_id>/attachment/",
        views.attachment,
        name="challenge-attachment",
    ),
]
