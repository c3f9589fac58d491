"""The matchmaking app."""

from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    """Configuration of the matchmaking app."""

    name = "innofield.matchmaking"
    label = "matchmaking"
