"""The dashboards app."""

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """Configuration of the dashboards app."""

    name = "innofield.dashboards"
    label = "dashboards"
