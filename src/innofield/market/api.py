"""REST endpoints of the market app."""

from ninja import Router

router = Router(tags=["market"])
