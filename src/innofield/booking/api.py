"""REST endpoints of the booking app."""

from ninja import Router

router = Router(tags=["booking"])
