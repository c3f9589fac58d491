"""REST endpoints of the vouchers app."""

from ninja import Router

router = Router(tags=["vouchers"])
