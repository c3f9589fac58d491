"""The policies app."""

from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    """Configuration of the policies app."""

    name = "innofield.policies"
    label = "policies"
    verbose_name = "Policies"
