"""REST endpoints of the dashboards app."""

from ninja import Router

router = Router(tags=["dashboards"])
