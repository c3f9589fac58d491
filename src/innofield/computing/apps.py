"""The computing app."""

from django.apps import AppConfig


class ComputingConfig(AppConfig):
    """Configuration of the computing app: registers its voucher evidence kind."""

    name = "innofield.computing"
    label = "computing"
    verbose_name = "Computing power"

    def ready(self) -> None:
        """Let vouchers be redeemed against settled metered usage (``computing:<id>``)."""
        from . import evidence

        evidence.register_all()
