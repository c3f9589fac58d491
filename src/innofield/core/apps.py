"""Core app: audit log, permissions, API tokens."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Configuration of the core app."""

    name = "innofield.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        """Messages of the pure modules (``core.errors.gettext``) speak the active language."""
        from django.utils.translation import gettext

        from . import errors

        errors.use_translator(gettext)
