"""Ledger actions for people: permission checks in front of :mod:`.engine`.

* ``open_account`` — platform admins open any account; managers, officers and
  admins of an organization open ``org`` accounts it owns.
* ``transfer`` — whoever may pay from the debit account: a platform admin, or a
  manager, officer or admin of the organization that owns it. Accounts without an
  owner (external, clearing) are moved by platform admins or by other apps' actions
  through the engine.
* ``post_pending`` / ``void_pending`` — the same people as for the debit account.

Each action runs in one transaction (nested as a savepoint inside a caller's) and
writes an audit row in it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from innofield.core.errors import NotAuthenticated, NotFound, PermissionDenied
from innofield.core.permissions import ROLES_FOR, Actor, is_platform_admin, organization_ids
from innofield.registry.models import Organization

from . import engine
from .models import Account, Transfer

#: Roles in an owning organization that may pay from its accounts.
PAYER_ROLES = ROLES_FOR["pay"]


def may_pay(actor: Actor, owner_id: int | None) -> bool:
    """True if ``actor`` may move money out of an account owned by ``owner_id``."""
    if is_platform_admin(actor):
        return True
    if owner_id is None or actor is None or not actor.is_authenticated:
        return False
    return owner_id in organization_ids(actor, "pay")


def _require_payer(actor: Actor, account: Account) -> None:
    if may_pay(actor, account.owner_id):
        return
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated("you must log in to move money")
    if account.owner_id is None:
        raise PermissionDenied(f"only platform admins may move money out of account {account.code}")
    raise PermissionDenied(
        f"only a manager, officer or admin of the owning organization or a platform admin "
        f"may move money out of account {account.code}"
    )


def open_account(
    *, actor: Actor, code: str, name: str, kind: str, owner: Organization | None = None,
    debits_must_not_exceed_credits: bool = False, credits_must_not_exceed_debits: bool = False,
    metadata: dict[str, Any] | None = None,
) -> Account:
    """Open an account; see the module docstring for who may."""
    if not is_platform_admin(actor):
        if kind != Account.Kind.ORG or owner is None:
            raise PermissionDenied("only platform admins may open accounts other than "
                                   "an organization's own (kind org)")
        if not may_pay(actor, owner.pk):
            raise PermissionDenied(f"only a manager, officer or admin of {owner.code} may open "
                                   f"its accounts")
    return engine.open_account(
        actor=actor, code=code, name=name, kind=kind, owner=owner,
        debits_must_not_exceed_credits=debits_must_not_exceed_credits,
        credits_must_not_exceed_debits=credits_must_not_exceed_debits, metadata=metadata,
    )


def transfer(
    *, actor: Actor, key: str, debit: str, credit: str, amount: int, memo: str = "",
    pending: bool = False, metadata: dict[str, Any] | None = None,
) -> Transfer:
    """Move ``amount`` fen from account ``debit`` to ``credit`` exactly once per ``key``.

    Submitting the same key again returns the first transfer; the same key with
    different fields raises ``Conflict`` naming the first differing field. With
    ``pending`` the amount is reserved until :func:`post_pending` or
    :func:`void_pending`. Limits are never broken (``ValidationFailed`` names the
    account and the amount available).
    """
    with transaction.atomic():
        account = Account.objects.filter(code=debit).only("code", "owner_id").first()
        if account is not None:
            _require_payer(actor, account)
        elif actor is None or not actor.is_authenticated:
            raise NotAuthenticated("you must log in to move money")
        return engine.transfer(actor=actor, key=key, debit=debit, credit=credit, amount=amount,
                               memo=memo, pending=pending, metadata=metadata)


def _pending_of(actor: Actor, transfer_id: int) -> None:
    t = Transfer.objects.select_related("debit").filter(pk=transfer_id).first()
    if t is None:
        raise NotFound(f"no transfer with id {transfer_id}")
    _require_payer(actor, t.debit)


def post_pending(*, actor: Actor, transfer_id: int) -> Transfer:
    """Post a pending transfer (idempotent; a voided one raises ``Conflict``)."""
    with transaction.atomic():
        _pending_of(actor, transfer_id)
        return engine.resolve(actor=actor, transfer_id=transfer_id, post=True)


def void_pending(*, actor: Actor, transfer_id: int) -> Transfer:
    """Void a pending transfer, releasing its reservation (idempotent)."""
    with transaction.atomic():
        _pending_of(actor, transfer_id)
        return engine.resolve(actor=actor, transfer_id=transfer_id, post=False)
