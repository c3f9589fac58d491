"""The talent app."""

from django.apps import AppConfig


class TalentConfig(AppConfig):
    """Configuration of the talent app."""

    name = "innofield.talent"
    label = "talent"
    verbose_name = "Talent"
