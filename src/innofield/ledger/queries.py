"""Reading the ledger: balances, statements, visibility and the invariant check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext

from innofield.core.errors import NotFound, ValidationFailed
from innofield.core.permissions import Actor, restrict

from . import rules
from .invariants import product_problems
from .models import Account, Transfer


def accounts(
    actor: Actor, *, owner: str | None = None, kind: str | None = None
) -> QuerySet[Account]:
    """Accounts ``actor`` may see: those of their organizations (all for platform admins)."""
    qs = restrict(Account.objects.select_related("owner"), actor, "view")
    if owner:
        qs = qs.filter(owner__code=owner)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def visible_account(actor: Actor, code: str) -> Account:
    """The account ``code`` if ``actor`` may see it, else ``NotFound``."""
    account = accounts(actor).filter(code=code).first()
    if account is None:
        raise NotFound(gettext("no account %(code)s visible to you") % {"code": repr(code)})
    return account


def balance_of(account: Account) -> dict[str, Any]:
    """The totals, balance and available amount of an account, in fen."""
    t = account.totals
    available = rules.available(t, account.limits)
    return {
        "code": account.code,
        "name": account.name,
        "kind": account.kind,
        "owner": account.owner.code if account.owner_id and account.owner else None,
        "currency": account.currency,
        "debits_must_not_exceed_credits": account.debits_must_not_exceed_credits,
        "credits_must_not_exceed_debits": account.credits_must_not_exceed_debits,
        "debits_posted": t.debits_posted,
        "credits_posted": t.credits_posted,
        "debits_pending": t.debits_pending,
        "credits_pending": t.credits_pending,
        "balance": t.balance,
        "available": available,
    }


def balance(code: str) -> dict[str, Any]:
    """The balance of account ``code`` (no permission check: for other apps' code)."""
    account = Account.objects.select_related("owner").filter(code=code).first()
    if account is None:
        raise NotFound(gettext("no account %(code)s") % {"code": repr(code)})
    return balance_of(account)


def _moment(value: dt.date | dt.datetime | None, default: dt.datetime, field: str) -> dt.datetime:
    if value is None:
        return default
    if not 1900 <= value.year <= 9000:
        raise ValidationFailed.single(
            field, gettext("must be a date between the years 1900 and 9000")
        )
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time.min)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def statement(
    code: str,
    start: dt.date | dt.datetime | None = None,
    end: dt.date | dt.datetime | None = None,
) -> dict[str, Any]:
    """Posted entries of account ``code`` with ``start <= posted_at < end`` (dates mean
    midnight, local time), the opening and closing balance, and the pending transfers."""
    account = Account.objects.select_related("owner").filter(code=code).first()
    if account is None:
        raise NotFound(gettext("no account %(code)s") % {"code": repr(code)})
    lo = _moment(start, dt.datetime(1970, 1, 1, tzinfo=dt.UTC), "start")
    hi = _moment(end, timezone.now() + dt.timedelta(days=1), "end")
    touches = Q(debit=account) | Q(credit=account)
    posted = Transfer.objects.filter(touches, status=Transfer.Status.POSTED)
    before = posted.filter(posted_at__lt=lo)
    sums = before.aggregate(
        credits=Sum("amount", filter=Q(credit=account)),
        debits=Sum("amount", filter=Q(debit=account)),
    )
    opening = (sums["credits"] or 0) - (sums["debits"] or 0)
    running, lines = opening, []
    for t in (
        posted.filter(posted_at__gte=lo, posted_at__lt=hi)
        .select_related("debit", "credit")
        .order_by("posted_at", "id")
    ):
        signed = t.amount if t.credit_id == account.pk else -t.amount
        running += signed
        other = t.debit if signed > 0 else t.credit
        lines.append(
            {
                "transfer": t.pk,
                "key": t.key,
                "posted_at": t.posted_at,
                "counterparty": other.code,
                "memo": t.memo,
                "amount": signed,
                "balance": running,
                "metadata": t.metadata,
            }
        )
    pending = [
        {
            "transfer": t.pk,
            "key": t.key,
            "created": t.created,
            "memo": t.memo,
            "amount": t.amount if t.credit_id == account.pk else -t.amount,
        }
        for t in Transfer.objects.filter(touches, status=Transfer.Status.PENDING)
    ]
    return {
        "account": balance_of(account),
        "start": lo,
        "end": hi,
        "opening": opening,
        "closing": running,
        "lines": lines,
        "pending": pending,
    }


def check_invariants() -> list[str]:
    """Recompute every account's totals from the transfers with plain SQL and compare,
    then check every product's money invariants (:mod:`.invariants`); an empty list means
    the ledger is consistent, within its limits, and agrees with the products' records."""
    return ledger_problems() + product_problems()


def ledger_problems() -> list[str]:
    """The ledger's own invariants: totals equal the transfers, limits hold."""
    a, t = Account._meta.db_table, Transfer._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT id, debits_posted, credits_posted, debits_pending, credits_pending, "
            f"debits_must_not_exceed_credits, credits_must_not_exceed_debits FROM {a}"
        )
        stored = {
            row[0]: (rules.Totals(*row[1:5]), rules.Limits(bool(row[5]), bool(row[6])))
            for row in cur.fetchall()
        }
        cur.execute(f"SELECT debit_id, credit_id, amount, status FROM {t}")
        rows = cur.fetchall()
    return rules.ledger_violations(stored, rows)
