"""REST endpoints of the matchmaking app."""

from ninja import Router

router = Router(tags=["matchmaking"])
