"""The matchmaking app: the matching library wired into the catalog."""

from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    """Configuration of the matchmaking app; subscribes the index to catalog changes."""

    name = "innofield.matchmaking"
    label = "matchmaking"

    def ready(self) -> None:
        """Log every catalog change for the search indexes (inside the action's transaction)."""
        from innofield.catalog import signals

        from .index import record_change

        signals.on_item_changed(lambda item: record_change("item", item.pk))
        signals.on_demand_changed(lambda demand: record_change("demand", demand.pk))
