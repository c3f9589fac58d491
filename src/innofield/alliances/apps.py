"""The alliances app."""

from django.apps import AppConfig


class AlliancesConfig(AppConfig):
    """Configuration of the alliances app."""

    name = "innofield.alliances"
    label = "alliances"
    verbose_name = "Alliances and co-creation"
