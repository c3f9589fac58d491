"""URL map: the web pages, the admin, the API under /api and language switching."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from innofield.api import api
from innofield.core.login import LockoutAuthenticationForm

admin.site.site_header = "innofield admin"

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LockoutAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("innofield.core.urls")),
    path("", include("innofield.registry.urls")),
    path("", include("innofield.catalog.urls")),
    path("", include("innofield.matchmaking.urls")),
    path("", include("innofield.booking.urls")),
    path("", include("innofield.ledger.urls")),
    path("", include("innofield.market.urls")),
    path("", include("innofield.vouchers.urls")),
    path("", include("innofield.dashboards.urls")),
    path("", include("innofield.policies.urls")),
    path("", include("innofield.alliances.urls")),
    path("", include("innofield.jobs.urls")),
    path("", include("innofield.talent.urls")),
    path("", include("innofield.consortia.urls")),
    path("", include("innofield.computing.urls")),
    path("", include("innofield.challenges.urls")),
]
