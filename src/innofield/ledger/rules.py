"""The ledger's rules as pure functions: no Django, no database.

An account keeps four running totals in fen (1/100 CNY): posted and pending debits
and credits. A transfer moves ``amount`` from its debit account to its credit account,
either posted at once or pending (reserved) until it is posted or voided. Limit flags
say that one side may never exceed the other: with ``debits_must_not_exceed_credits``
``debits_posted + debits_pending <= credits_posted`` always holds (pending debits count
against the balance, pending credits do not), and symmetrically for credits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

MAX_AMOUNT = 10**15  # fen; ten trillion yuan — anything larger is a typo
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")
KEY_MAX = 200
MEMO_MAX = 500
PENDING, POSTED, VOIDED = "pending", "posted", "voided"
#: Transfer fields that must match when an idempotency key is submitted again.
IDEMPOTENT_FIELDS = ("debit", "credit", "amount", "pending", "memo", "metadata")


@dataclass(frozen=True)
class Totals:
    """The four running totals of an account, in fen."""

    debits_posted: int = 0
    credits_posted: int = 0
    debits_pending: int = 0
    credits_pending: int = 0

    @property
    def balance(self) -> int:
        """Posted credits minus posted debits (positive: the account holds money)."""
        return self.credits_posted - self.debits_posted


@dataclass(frozen=True)
class Limits:
    """The balance limits of an account."""

    debits_must_not_exceed_credits: bool = False
    credits_must_not_exceed_debits: bool = False


def add_pending(totals: Totals, side: str, amount: int) -> Totals:
    """Totals after reserving ``amount`` on ``side`` (``"debit"`` or ``"credit"``)."""
    if side == "debit":
        return replace(totals, debits_pending=totals.debits_pending + amount)
    return replace(totals, credits_pending=totals.credits_pending + amount)


def add_posted(totals: Totals, side: str, amount: int) -> Totals:
    """Totals after posting ``amount`` on ``side`` directly."""
    if side == "debit":
        return replace(totals, debits_posted=totals.debits_posted + amount)
    return replace(totals, credits_posted=totals.credits_posted + amount)


def resolve_pending(totals: Totals, side: str, amount: int, *, post: bool) -> Totals:
    """Totals after a pending ``amount`` on ``side`` is posted (``post``) or voided."""
    if side == "debit":
        t = replace(totals, debits_pending=totals.debits_pending - amount)
    else:
        t = replace(totals, credits_pending=totals.credits_pending - amount)
    return add_posted(t, side, amount) if post else t


def available(totals: Totals, limits: Limits) -> int | None:
    """How much more the limited side may take, or ``None`` for an unlimited account."""
    if limits.debits_must_not_exceed_credits:
        return totals.credits_posted - totals.debits_posted - totals.debits_pending
    if limits.credits_must_not_exceed_debits:
        return totals.debits_posted - totals.credits_posted - totals.credits_pending
    return None


def limit_violation(totals: Totals, limits: Limits) -> str | None:
    """Why ``totals`` break ``limits`` (a sentence), or ``None`` when they hold."""
    if (
        min(
            totals.debits_posted,
            totals.credits_posted,
            totals.debits_pending,
            totals.credits_pending,
        )
        < 0
    ):
        return "a running total would become negative"
    if limits.debits_must_not_exceed_credits and (
        totals.debits_posted + totals.debits_pending > totals.credits_posted
    ):
        return "debits must not exceed credits"
    if limits.credits_must_not_exceed_debits and (
        totals.credits_posted + totals.credits_pending > totals.debits_posted
    ):
        return "credits must not exceed debits"
    return None


def transfer_input_errors(
    *, key: Any, debit: Any, credit: Any, amount: Any, memo: Any, metadata: Any
) -> list[tuple[str, str]]:
    """Every ``(field, reason)`` problem of a transfer request; empty when it is valid."""
    errors: list[tuple[str, str]] = []
    if not isinstance(key, str) or not key.strip():
        errors.append(("key", "must be a non-empty string"))
    elif len(key) > KEY_MAX:
        errors.append(("key", f"must be at most {KEY_MAX} characters"))
    for field, code in (("debit", debit), ("credit", credit)):
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            errors.append((field, "must be an account code (letters, digits, _ . : -)"))
    if isinstance(debit, str) and debit == credit:
        errors.append(("credit", "must differ from the debit account"))
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors.append(("amount", "must be an integer number of fen"))
    elif amount <= 0:
        errors.append(("amount", "must be greater than zero"))
    elif amount > MAX_AMOUNT:
        errors.append(("amount", f"must be at most {MAX_AMOUNT} fen"))
    if not isinstance(memo, str) or len(memo) > MEMO_MAX:
        errors.append(("memo", f"must be a string of at most {MEMO_MAX} characters"))
    if metadata is not None and not isinstance(metadata, dict):
        errors.append(("metadata", "must be an object"))
    return errors


def first_difference(existing: Mapping[str, Any], requested: Mapping[str, Any]) -> str | None:
    """The first idempotent field whose value differs between two submissions of one key."""
    for field in IDEMPOTENT_FIELDS:
        if existing.get(field) != requested.get(field):
            return field
    return None


def totals_from_transfers(account: int, transfers: Iterable[tuple[int, int, int, str]]) -> Totals:
    """The totals an account must have, recomputed from ``(debit, credit, amount, status)`` rows."""
    t = Totals()
    for debit, credit, amount, status in transfers:
        for side, acct in (("debit", debit), ("credit", credit)):
            if acct != account:
                continue
            if status == POSTED:
                t = add_posted(t, side, amount)
            elif status == PENDING:
                t = add_pending(t, side, amount)
    return t


def all_totals(transfers: Iterable[tuple[int, int, int, str]]) -> dict[int, Totals]:
    """The totals of every account touched by ``(debit, credit, amount, status)`` rows."""
    out: dict[int, Totals] = {}
    for debit, credit, amount, status in transfers:
        for side, acct in (("debit", debit), ("credit", credit)):
            t = out.get(acct, Totals())
            if status == POSTED:
                out[acct] = add_posted(t, side, amount)
            elif status == PENDING:
                out[acct] = add_pending(t, side, amount)
            else:
                out[acct] = t
    return out


def ledger_violations(
    accounts: Mapping[int, tuple[Totals, Limits]],
    transfers: Iterable[tuple[int, int, int, str]],
) -> list[str]:
    """Every broken invariant of a whole ledger: stored totals equal the sums of the
    transfers, limits hold, and posted debits equal posted credits overall."""
    recomputed = all_totals(transfers)
    problems = []
    for account, (stored, limits) in accounts.items():
        expected = recomputed.get(account, Totals())
        if stored != expected:
            problems.append(f"account {account}: stored {stored} != recomputed {expected}")
        why = limit_violation(stored, limits)
        if why:
            problems.append(f"account {account}: {why}")
    unknown = set(recomputed) - set(accounts)
    if unknown:
        problems.append(f"transfers refer to unknown accounts {sorted(unknown)[:5]}")
    debits = sum(t.debits_posted for t, _ in accounts.values())
    credits = sum(t.credits_posted for t, _ in accounts.values())
    if debits != credits:
        problems.append(f"posted debits {debits} != posted credits {credits}")
    return problems
