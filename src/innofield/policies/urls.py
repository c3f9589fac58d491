"""URLs of the policy pages."""

from django.urls import path

from . import evaluation_views, views

urlpatterns = [
    path("policies/", views.policy_list, name="policies"),
    path("policies/new/", views.policy_create, name="policy-create"),
    path("policies/board/", views.board, name="policy-board"),
    path("policies/tasks/<int:task_id>/act/", views.task_act, name="policy-task-act"),
    path("policies/annual-report/", evaluation_views.annual_report, name="policy-annual-report"),
    path(
        "policies/evaluations/<int:evaluation_id>/",
        evaluation_views.evaluation_detail,
        name="policy-evaluation",
    ),
    path(
        "policies/evaluations/<int:evaluation_id>/rerun/",
        evaluation_views.evaluation_rerun,
        name="policy-evaluation-rerun",
    ),
    path(
        "policies/evaluations/<int:evaluation_id>/report/",
        evaluation_views.evaluation_report,
        name="policy-evaluation-report",
    ),
    path(
        "policies/<str:code>/evaluate/",
        evaluation_views.evaluation_create,
        name="policy-evaluate",
    ),
    path("policies/<str:code>/", views.policy_detail, name="policy"),
    path("policies/<str:code>/act/", views.policy_act, name="policy-act"),
]
