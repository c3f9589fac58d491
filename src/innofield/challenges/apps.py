"""The challenges app."""

from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    """Configuration of the challenges app: open innovation challenges with prizes."""

    name = "innofield.challenges"
    label = "challenges"
    verbose_name = "Open innovation challenges"

    def ready(self) -> None:
        """Add the challenges' edges (poster–solver) to the collaboration network."""
        from innofield.dashboards import network

        from . import queries

        network.register("challenge", queries.network_edges)
