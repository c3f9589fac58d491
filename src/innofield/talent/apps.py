"""The talent app."""

from django.apps import AppConfig


class TalentConfig(AppConfig):
    """Configuration of the talent app."""

    name = "innofield.talent"
    label = "talent"
    verbose_name = "Talent"

    def ready(self) -> None:
        """Make delivered expert consultations innovation-voucher evidence."""
        from . import evidence

        evidence.register_all()
