"""REST endpoints of the ledger: balances, statements and transfers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.errors import ValidationFailed

from . import actions, queries
from .models import Transfer
from .schemas import AccountPage, BalanceOut, StatementOut, TransferIn, TransferOut

router = Router(tags=["ledger"])
WRITE: dict[str, Any] = {"auth": BearerAuth()}


@router.get("/accounts", response=AccountPage)
def list_accounts(
    request: HttpRequest, page: Query[Page], owner: str | None = None, kind: str | None = None
) -> dict[str, Any]:
    """Ledger accounts you may see: your organizations' (all of them for platform admins)."""
    result = paginate(
        queries.accounts(actor_of(request), owner=owner, kind=kind), page.limit, page.offset
    )
    result["items"] = [queries.balance_of(a) for a in result["items"]]
    return result


@router.get("/accounts/{code}", response={200: BalanceOut, 404: ErrorOut})
def get_account(request: HttpRequest, code: str) -> dict[str, Any]:
    """An account's totals, balance and available amount (fen)."""
    return queries.balance_of(queries.visible_account(actor_of(request), code))


@router.get(
    "/accounts/{code}/statement", response={200: StatementOut, 404: ErrorOut, 422: ErrorOut}
)
def get_statement(
    request: HttpRequest, code: str, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """Posted entries with ``start <= date < end``, opening and closing balances, pending."""
    if start is not None and end is not None and end < start:
        raise ValidationFailed.single("end", f"{end} is before start {start}")
    account = queries.visible_account(actor_of(request), code)
    return queries.statement(account.code, start, end)


@router.post("/transfers", response={201: TransferOut, **ERRORS}, **WRITE)
def create_transfer(request: HttpRequest, payload: TransferIn) -> Status[Transfer]:
    """Move money from an account you may pay from; the same ``key`` posts once."""
    t = actions.transfer(actor=actor_of(request), **payload.model_dump())
    return Status(201, Transfer.objects.select_related("debit", "credit").get(pk=t.pk))


@router.post("/transfers/{transfer_id}/post", response={200: TransferOut, **ERRORS}, **WRITE)
def post_transfer(request: HttpRequest, transfer_id: int) -> Transfer:
    """Post a pending transfer."""
    t = actions.post_pending(actor=actor_of(request), transfer_id=transfer_id)
    return Transfer.objects.select_related("debit", "credit").get(pk=t.pk)


@router.post("/transfers/{transfer_id}/void", response={200: TransferOut, **ERRORS}, **WRITE)
def void_transfer(request: HttpRequest, transfer_id: int) -> Transfer:
    """Void a pending transfer."""
    t = actions.void_pending(actor=actor_of(request), transfer_id=transfer_id)
    return Transfer.objects.select_related("debit", "credit").get(pk=t.pk)
