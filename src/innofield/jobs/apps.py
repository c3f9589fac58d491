"""The jobs app."""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    """Configuration of the jobs app: discovers the ``jobs.py`` module of every app."""

    name = "innofield.jobs"
    label = "jobs"
    verbose_name = "background jobs"

    def ready(self) -> None:
        """Import ``<app>.jobs`` of each installed app so its job kinds register."""
        autodiscover_modules("jobs")
