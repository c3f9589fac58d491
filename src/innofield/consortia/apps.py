"""The consortia app."""

from django.apps import AppConfig


class ConsortiaConfig(AppConfig):
    """Configuration of the consortia app: alliances of organisations and joint projects."""

    name = "innofield.consortia"
    label = "consortia"
    verbose_name = "Alliances and joint projects"

    def ready(self) -> None:
        """Tell booking who is a fellow alliance member at a pooled instrument; add joint
        projects and alliance membership to the observatory's collaboration network."""
        from django.utils.translation import gettext_lazy as _

        from innofield.booking import membership
        from innofield.dashboards import network

        from . import pools, queries

        membership.register(pools.member_rate_applies)
        network.register("project", queries.project_edges, _("joint R&D projects"))
        network.register("alliance", queries.alliance_edges, _("alliance membership"))
