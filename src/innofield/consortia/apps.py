"""The consortia app."""

from django.apps import AppConfig


class ConsortiaConfig(AppConfig):
    """Configuration of the consortia app: alliances of organisations and joint projects."""

    name = "innofield.consortia"
    label = "consortia"
    verbose_name = "Alliances and joint projects"

    def ready(self) -> None:
        """Tell booking who is a fellow alliance member at a pooled instrument."""
        from innofield.booking import membership

        from . import pools

        membership.register(pools.member_rate_applies)
