"""URLs of the ledger pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("ledger/", views.account_list, name="ledger-accounts"),
    path("ledger/<str:code>/", views.account_statement, name="ledger-statement"),
]
