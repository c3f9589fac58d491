"""The market app."""

from django.apps import AppConfig


class MarketConfig(AppConfig):
    """Configuration of the market app."""

    name = "innofield.market"
    label = "market"
