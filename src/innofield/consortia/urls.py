"""URLs of the alliance and joint project pages."""

from django.urls import path

from . import project_views, views

urlpatterns = [
    path("org-alliances/", views.alliance_list, name="consortia-alliances"),
    path(
        "org-alliances/memberships/<int:membership_id>/act/",
        views.membership_act,
        name="consortia-membership-act",
    ),
    path(
        "org-alliances/memberships/<int:membership_id>/fee/",
        views.membership_fee,
        name="consortia-membership-fee",
    ),
    path("org-alliances/<str:code>/", views.alliance_detail, name="consortia-alliance"),
    path("org-alliances/<str:code>/apply/", views.alliance_apply, name="consortia-apply"),
    path("org-alliances/<str:code>/members/", views.members, name="consortia-members"),
    path("org-alliances/<str:code>/pool/", views.pool, name="consortia-pool"),
    path("projects/", project_views.project_list, name="consortia-projects"),
    path("projects/new/", project_views.project_create, name="consortia-project-create"),
    path(
        "projects/milestones/<int:milestone_id>/act/",
        project_views.milestone_act,
        name="consortia-milestone-act",
    ),
    path("projects/<str:code>/", project_views.project_detail, name="consortia-project"),
    path("projects/<str:code>/act/", project_views.project_act, name="consortia-project-act"),
    path("projects/<str:code>/fund/", project_views.project_fund, name="consortia-fund"),
    path("projects/<str:code>/partners/", project_views.partners, name="consortia-partners"),
    path("projects/<str:code>/milestones/", project_views.milestones, name="consortia-milestones"),
    path("projects/<str:code>/ip/", project_views.ip_agreement, name="consortia-ip"),
    path(
        "projects/<str:code>/results/new/",
        project_views.register_result,
        name="consortia-result",
    ),
]
