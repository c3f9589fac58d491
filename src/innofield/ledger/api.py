"""REST endpoints of the ledger app."""

from ninja import Router

router = Router(tags=["ledger"])
