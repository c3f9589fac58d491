"""Stats app: regional statistics panels (yearbook data) as rows."""

from django.apps import AppConfig


class StatsConfig(AppConfig):
    """Configuration of the stats app."""

    name = "innofield.stats"
    label = "stats"
    verbose_name = "Statistics"
