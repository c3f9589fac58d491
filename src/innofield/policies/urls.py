"""URLs of the policy pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("policies/", views.policy_list, name="policies"),
    path("policies/new/", views.policy_create, name="policy-create"),
    path("policies/board/", views.board, name="policy-board"),
    path("policies/tasks/<int:task_id>/act/", views.task_act, name="policy-task-act"),
    path("policies/<str:code>/", views.policy_detail, name="policy"),
    path("policies/<str:code>/act/", views.policy_act, name="policy-act"),
]
