"""The jobs app."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig, apps


class JobsConfig(AppConfig):
    """Configuration of the jobs app: discovers the ``jobs.py`` module of every app."""

    name = "innofield.jobs"
    label = "jobs"
    verbose_name = "background jobs"

    def ready(self) -> None:
        """Import ``innofield.<app>.jobs`` of each installed app so its job kinds register.

        Only the platform's own apps: a third-party app's ``jobs`` module (django-rq has
        one) is not a registry of job kinds.
        """
        for config in apps.get_app_configs():
            if config.name.startswith("innofield.") and config.name != self.name:
                module = f"{config.name}.jobs"
                if find_spec(module) is not None:
                    import_module(module)
