"""URLs of the computing pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("computing/", views.hubs, name="computing"),
    path("computing/offers/", views.offers, name="computing-offers"),
    path(
        "computing/offers/<int:offer_id>/withdraw/",
        views.offer_withdraw,
        name="computing-offer-withdraw",
    ),
    path("computing/jobs/", views.jobs, name="computing-jobs"),
    path("computing/jobs/new/", views.job_new, name="computing-job-new"),
    path("computing/jobs/<int:job_id>/", views.job_detail, name="computing-job"),
    path("computing/jobs/<int:job_id>/act/", views.job_act, name="computing-job-act"),
    path("computing/jobs/<int:job_id>/pay/", views.job_pay_due, name="computing-job-pay-due"),
    path("computing/provider/", views.provider_jobs, name="computing-provider"),
    path("computing/runs/", views.runs, name="computing-runs"),
    path("computing/dashboard/", views.dashboard, name="computing-dashboard"),
]
