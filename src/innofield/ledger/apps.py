"""The ledger app."""

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """Configuration of the ledger app."""

    name = "innofield.ledger"
    label = "ledger"
