"""API schemas of the ledger."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import StringConstraints

from innofield.core.schemas import Code, JsonObject, Memo, PositiveFen, WriteSchema


class BalanceOut(Schema):
    """An account with its running totals and balance, in fen."""

    code: str
    name: str
    kind: str
    owner: str | None
    currency: str
    debits_must_not_exceed_credits: bool
    credits_must_not_exceed_debits: bool
    debits_posted: int
    credits_posted: int
    debits_pending: int
    credits_pending: int
    balance: int
    available: int | None


class AccountPage(Schema):
    """One page of accounts."""

    count: int
    items: list[BalanceOut]


class StatementLine(Schema):
    """A posted entry on a statement; ``amount`` is signed (+ credit, − debit)."""

    transfer: int
    key: str
    posted_at: dt.datetime
    counterparty: str
    memo: str
    amount: int
    balance: int
    metadata: dict[str, Any]


class PendingLine(Schema):
    """A pending transfer touching the account."""

    transfer: int
    key: str
    created: dt.datetime
    memo: str
    amount: int


class StatementOut(Schema):
    """A statement: opening balance, posted lines with running balance, closing balance."""

    account: BalanceOut
    start: dt.datetime
    end: dt.datetime
    opening: int
    closing: int
    lines: list[StatementLine]
    pending: list[PendingLine]


class TransferIn(WriteSchema):
    """A transfer request; ``amount`` in fen; ``key`` is yours (kept in your namespace)."""

    key: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    debit: Code
    credit: Code
    amount: PositiveFen
    memo: Memo = ""
    pending: bool = False
    metadata: JsonObject | None = None


class TransferOut(Schema):
    """A transfer."""

    id: int
    key: str
    debit: str
    credit: str
    amount: int
    pending: bool
    status: str
    memo: str
    metadata: dict[str, Any]
    created: dt.datetime
    posted_at: dt.datetime | None

    @staticmethod
    def resolve_debit(obj: Any) -> str:
        """The debit account's code."""
        return str(obj.debit.code)

    @staticmethod
    def resolve_credit(obj: Any) -> str:
        """The credit account's code."""
        return str(obj.credit.code)
