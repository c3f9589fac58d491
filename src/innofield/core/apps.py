"""Core app: audit log, permissions, API tokens."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Configuration of the core app."""

    name = "innofield.core"
    label = "core"
    verbose_name = "Core"
