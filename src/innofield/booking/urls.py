"""URLs of the booking pages."""

from django.urls import path

from . import facility_views, invoice_views, views

urlpatterns = [
    path("instruments/<int:instrument_id>/calendar/", views.calendar, name="booking-calendar"),
    path("instruments/<int:instrument_id>/book/", views.book, name="booking-book"),
    path("bookings/mine/", views.my_bookings, name="booking-mine"),
    path("bookings/queue/", views.queue, name="booking-queue"),
    path("bookings/bills/", invoice_views.bills, name="booking-bills"),
    path(
        "bookings/bills/<int:invoice_id>/<str:move>/",
        invoice_views.settle,
        name="booking-bill",
    ),
    path("instruments/managed/", facility_views.managed, name="booking-managed"),
    path("instruments/<int:instrument_id>/manage/", facility_views.manage, name="booking-manage"),
    path(
        "instruments/<int:instrument_id>/qualified/<str:username>/revoke/",
        facility_views.revoke,
        name="booking-revoke",
    ),
    path("bookings/<int:booking_id>/<str:event>/", views.transition, name="booking-transition"),
    path("bookings/reports/", views.report, name="booking-report"),
]
