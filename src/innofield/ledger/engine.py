"""The posting engine: locks accounts, applies :mod:`.rules`, writes transfers.

These functions check no permissions: :mod:`.actions` checks them for people, and
other apps' actions (vouchers, market) call the engine inside their own transaction
after deciding who may move which money. Each function runs in ``transaction.atomic``
(a savepoint when nested) and writes its audit row there.

Concurrency: account rows are locked with ``SELECT … FOR UPDATE`` in id order
(PostgreSQL; no deadlocks between transfers), and SQLite runs every transaction
``BEGIN IMMEDIATE`` so writers are serialized. A duplicate idempotency key racing
past the first check is caught by the unique index and answered with the first
transfer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from innofield.core import audit
from innofield.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from innofield.core.permissions import Actor

from . import rules
from .codes import organization_account
from .models import Account, Transfer

#: The reasons of the pure rules (``rules.py`` imports no Django), named here for the
#: translation catalogue; they are translated where they become errors.
RULE_REASONS = (
    gettext_noop("a running total would become negative"),
    gettext_noop("debits must not exceed credits"),
    gettext_noop("credits must not exceed debits"),
    gettext_noop("must be a non-empty string"),
    gettext_noop("must be an account code (letters, digits, _ . : -)"),
    gettext_noop("must differ from the debit account"),
    gettext_noop("must be an integer number of fen"),
    gettext_noop("must be greater than zero"),
    gettext_noop("must be an object"),
)


def _locked(codes: list[str]) -> dict[str, Account]:
    rows = list(Account.objects.select_for_update().filter(code__in=codes).order_by("id"))
    return {a.code: a for a in rows}


def lock_accounts(codes: list[str]) -> None:
    """Lock the accounts ``codes`` in id order for the rest of the caller's transaction.

    A caller that makes several transfers in one transaction locks all their accounts
    first, so that two such callers can never wait for each other in a cycle.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_accounts must be called inside a transaction")
    _locked(codes)


def _store(account: Account, totals: rules.Totals, field: str) -> None:
    why = rules.limit_violation(totals, account.limits)
    why = gettext(why) if why else why
    if why:
        room = rules.available(account.totals, account.limits)
        extra = gettext(" (%(n)s fen available)") % {"n": room} if room is not None else ""
        raise ValidationFailed.single(
            field, gettext("account %(code)s: %(why)s") % {"code": account.code, "why": why} + extra
        )
    account.debits_posted, account.credits_posted = totals.debits_posted, totals.credits_posted
    account.debits_pending, account.credits_pending = totals.debits_pending, totals.credits_pending
    account.save(
        update_fields=["debits_posted", "credits_posted", "debits_pending", "credits_pending"]
    )


def _as_request(t: Transfer, debit: str, credit: str) -> dict[str, Any]:
    return {
        "debit": debit,
        "credit": credit,
        "amount": t.amount,
        "pending": t.pending,
        "memo": t.memo,
        "metadata": t.metadata,
    }


def _replay(existing: Transfer, requested: dict[str, Any]) -> Transfer:
    field = rules.first_difference(
        _as_request(existing, existing.debit.code, existing.credit.code), requested
    )
    if field:
        raise Conflict(
            f"{field}: idempotency key {existing.key!r} was already used for "
            f"transfer #{existing.pk} with a different {field}"
        )
    return existing


def open_account(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    owner: Any = None,
    debits_must_not_exceed_credits: bool = False,
    credits_must_not_exceed_debits: bool = False,
    metadata: dict[str, Any] | None = None,
) -> Account:
    """Create an account (no permission check). Codes are unique; limits are fixed at opening."""
    errors = []
    if not isinstance(code, str) or not rules.CODE_PATTERN.match(code):
        errors.append(FieldError("code", gettext("must be 1-80 letters, digits or _ . : - ")))
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        errors.append(
            FieldError("name", gettext("must be a non-empty text of at most 200 characters"))
        )
    if kind not in Account.Kind.values:
        errors.append(
            FieldError(
                "kind",
                gettext("must be one of %(kinds)s") % {"kinds": ", ".join(Account.Kind.values)},
            )
        )
    if debits_must_not_exceed_credits and credits_must_not_exceed_debits:
        errors.append(
            FieldError(
                "credits_must_not_exceed_debits",
                gettext("an account may carry only one of the two limit flags"),
            )
        )
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        if Account.objects.filter(code=code).exists():
            raise Conflict(
                gettext("code: an account %(code)s already exists") % {"code": repr(code)}
            )
        account = Account.objects.create(
            code=code,
            name=name.strip(),
            kind=kind,
            owner=owner,
            debits_must_not_exceed_credits=debits_must_not_exceed_credits,
            credits_must_not_exceed_debits=credits_must_not_exceed_debits,
            metadata=metadata or {},
        )
        audit.record(actor, "ledger.account.open", account, audit.snapshot(account))
    return account


def transfer(
    *,
    actor: Actor,
    key: str,
    debit: str,
    credit: str,
    amount: int,
    memo: str = "",
    pending: bool = False,
    metadata: dict[str, Any] | None = None,
) -> Transfer:
    """Post (or reserve, if ``pending``) a transfer once per ``key``; see module docstring."""
    problems = rules.transfer_input_errors(
        key=key, debit=debit, credit=credit, amount=amount, memo=memo, metadata=metadata
    )
    if problems:
        raise ValidationFailed([FieldError(f, gettext(r)) for f, r in problems])
    requested = {
        "debit": debit,
        "credit": credit,
        "amount": amount,
        "pending": bool(pending),
        "memo": memo,
        "metadata": metadata or {},
    }
    try:
        with transaction.atomic():
            return _transfer_locked(actor, key, requested)
    except IntegrityError:
        # A concurrent submission of the same key committed first.
        existing = Transfer.objects.select_related("debit", "credit").filter(key=key).first()
        if existing is None:
            raise
        return _replay(existing, requested)


def _transfer_locked(actor: Actor, key: str, requested: dict[str, Any]) -> Transfer:
    debit, credit = requested["debit"], requested["credit"]
    accounts = _locked([debit, credit])
    existing = Transfer.objects.select_related("debit", "credit").filter(key=key).first()
    if existing is not None:
        return _replay(existing, requested)
    missing = [
        FieldError(f, gettext("no account with code %(code)s") % {"code": repr(c)})
        for f, c in (("debit", debit), ("credit", credit))
        if c not in accounts
    ]
    if missing:
        raise ValidationFailed(missing)
    d, c = accounts[debit], accounts[credit]
    amount, pending = requested["amount"], requested["pending"]
    add = rules.add_pending if pending else rules.add_posted
    _store(d, add(d.totals, "debit", amount), "debit")
    _store(c, add(c.totals, "credit", amount), "credit")
    t = Transfer.objects.create(
        key=key,
        debit=d,
        credit=c,
        amount=amount,
        pending=pending,
        status=Transfer.Status.PENDING if pending else Transfer.Status.POSTED,
        memo=requested["memo"],
        metadata=requested["metadata"],
        posted_at=None if pending else timezone.now(),
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )
    audit.record(
        actor,
        "ledger.transfer.create",
        t,
        {"key": key, "debit": debit, "credit": credit, "amount": amount, "status": t.status},
    )
    return t


def resolve(*, actor: Actor, transfer_id: int, post: bool) -> Transfer:
    """Post or void a pending transfer; doing the same again returns it unchanged."""
    target = rules.POSTED if post else rules.VOIDED
    with transaction.atomic():
        head = Transfer.objects.filter(pk=transfer_id).values("debit_id", "credit_id").first()
        if head is None:
            raise NotFound(gettext("no transfer with id %(id)s") % {"id": transfer_id})
        list(
            Account.objects.select_for_update()
            .filter(pk__in=[head["debit_id"], head["credit_id"]])
            .order_by("id")
        )
        t = (
            Transfer.objects.select_for_update()
            .select_related("debit", "credit")
            .get(pk=transfer_id)
        )
        if t.status == target:
            return t
        if t.status != rules.PENDING:
            raise Conflict(
                gettext(
                    "status: transfer #%(id)s is %(status)s, not pending; it cannot be %(target)s"
                )
                % {"id": t.pk, "status": gettext(t.status), "target": gettext(target)}
            )
        _store(
            t.debit, rules.resolve_pending(t.debit.totals, "debit", t.amount, post=post), "debit"
        )
        _store(
            t.credit,
            rules.resolve_pending(t.credit.totals, "credit", t.amount, post=post),
            "credit",
        )
        t.status, t.resolved = target, timezone.now()
        t.posted_at = t.resolved if post else None
        t.save(update_fields=["status", "resolved", "posted_at"])
        audit.record(
            actor,
            f"ledger.transfer.{'post' if post else 'void'}",
            t,
            {"status": [rules.PENDING, target]},
        )
    return t


def ensure_organization_account(actor: Actor, org: Any) -> str:
    """Open an organization's own account (never negative) if it has none; return its code.

    No permission check: opening an organization's own account with the standard limit
    moves no money; products call this before paying an organization."""
    code = organization_account(org)
    if Account.objects.filter(code=code).exists():
        return code
    try:
        with transaction.atomic():
            open_account(
                actor=actor,
                code=code,
                name=f"{org.code} account",
                kind=Account.Kind.ORG,
                owner=org,
                debits_must_not_exceed_credits=True,
            )
    except (IntegrityError, Conflict):
        pass  # opened concurrently
    return code


@dataclass(frozen=True)
class Posting:
    """One transfer of a batch for :func:`post_many`."""

    key: str
    debit: str
    credit: str
    amount: int
    memo: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)


def post_many(*, actor: Actor, postings: Sequence[Posting], purpose: str) -> list[Transfer]:
    """Post a batch of new transfers at once, for loaders (demo data, imports of history).

    The same rules as :func:`transfer` — every field checked, keys new and distinct,
    accounts existing, no account's limit broken (the database refuses the batch) — but
    the account totals are updated once per account and one audit row names the batch.
    All or nothing."""
    problems: list[FieldError] = []
    for n, p in enumerate(postings):
        problems += [
            FieldError(f"postings[{n}].{f}", r)
            for f, r in rules.transfer_input_errors(
                key=p.key,
                debit=p.debit,
                credit=p.credit,
                amount=p.amount,
                memo=p.memo,
                metadata=p.metadata,
            )
        ]
    keys = [p.key for p in postings]
    if len(set(keys)) != len(keys):
        problems.append(FieldError("postings", "two postings share a key"))
    if problems:
        raise ValidationFailed(problems[:20])
    if not postings:
        return []
    with transaction.atomic():
        accounts = _locked(sorted({c for p in postings for c in (p.debit, p.credit)}))
        missing = sorted({c for p in postings for c in (p.debit, p.credit)} - set(accounts))
        if missing:
            raise ValidationFailed.single("postings", f"no account with code {missing[0]!r}")
        taken = next(
            (
                hit
                for i in range(0, len(keys), 900)
                for hit in Transfer.objects.filter(key__in=keys[i : i + 900]).values_list(
                    "key", flat=True
                )[:1]
            ),
            None,
        )
        if taken:
            raise Conflict(f"key: {taken!r} was already used")
        now = timezone.now()
        actor_id = actor.pk if actor is not None and actor.is_authenticated else None
        rows = Transfer.objects.bulk_create(
            [
                Transfer(
                    key=p.key,
                    debit=accounts[p.debit],
                    credit=accounts[p.credit],
                    amount=p.amount,
                    status=Transfer.Status.POSTED,
                    memo=p.memo,
                    metadata=p.metadata,
                    posted_at=now,
                    actor_id=actor_id,
                )
                for p in postings
            ],
            batch_size=1000,
        )
        debits: dict[str, int] = {}
        credits: dict[str, int] = {}
        for p in postings:
            debits[p.debit] = debits.get(p.debit, 0) + p.amount
            credits[p.credit] = credits.get(p.credit, 0) + p.amount
        try:
            with transaction.atomic():
                for code, account in accounts.items():
                    account.debits_posted += debits.get(code, 0)
                    account.credits_posted += credits.get(code, 0)
                    account.save(update_fields=["debits_posted", "credits_posted"])
        except IntegrityError as exc:
            raise ValidationFailed.single(
                "postings", f"the batch would break an account's limit ({exc})"
            ) from None
        audit.record(
            actor,
            "ledger.transfer.batch",
            None,
            {"purpose": purpose, "transfers": len(rows), "total": sum(p.amount for p in postings)},
            object_type="ledger.transfer",
            object_repr=purpose[:200],
        )
    return rows
