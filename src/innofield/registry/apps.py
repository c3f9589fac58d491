"""Registry app: regions, alliances, organizations, experts and memberships."""

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """Configuration of the registry app."""

    name = "innofield.registry"
    label = "registry"
    verbose_name = "Registry"
