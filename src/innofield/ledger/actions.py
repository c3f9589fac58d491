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
from django.utils.translation import gettext

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
        raise NotAuthenticated(gettext("you must log in to move money"))
    if account.owner_id is None:
        raise PermissionDenied(
            gettext("only platform admins may move money out of account %(code)s")
            % {"code": account.code}
        )
    raise PermissionDenied(
        gettext(
            "only a manager, officer or admin of the owning organization or a platform admin "
            "may move money out of account %(code)s"
        )
        % {"code": account.code}
    )


def open_account(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    owner: Organization | None = None,
    debits_must_not_exceed_credits: bool = False,
    credits_must_not_exceed_debits: bool = False,
    metadata: dict[str, Any] | None = None,
) -> Account:
    """Open an account; see the module docstring for who may."""
    if not is_platform_admin(actor):
        if kind != Account.Kind.ORG or owner is None:
            raise PermissionDenied(
                gettext(
                    "only platform admins may open accounts other than an organization's own "
                    "(kind org)"
                )
            )
        if not may_pay(actor, owner.pk):
            raise PermissionDenied(
                gettext("only a manager, officer or admin of %(code)s may open its accounts")
                % {"code": owner.code}
            )
    return engine.open_account(
        actor=actor,
        code=code,
        name=name,
        kind=kind,
        owner=owner,
        debits_must_not_exceed_credits=debits_must_not_exceed_credits,
        credits_must_not_exceed_debits=credits_must_not_exceed_debits,
        metadata=metadata,
    )


#: Account kinds whose money moves only through their product's actions (voucher
#: programmes and budgets, inter-regional clearing, market escrows), never by plain transfers.
MANAGED_KINDS = (Account.Kind.PROGRAMME, Account.Kind.CLEARING)


def user_key(actor: Actor, key: str) -> str:
    """The stored key of a key a user sent: in the user's own namespace (``u:<id>:key``),
    so no user can take a key the platform's products use (``vouchers:…``, ``market:…``)."""
    if actor is None or not actor.is_authenticated or not isinstance(key, str) or not key:
        return key  # the system (CLI, demo loader) names its own keys; bad keys are refused
    return f"u:{actor.pk}:{key}"


def _require_plain(actor: Actor, debit: Account, credit: Account | None) -> None:
    if debit.kind in MANAGED_KINDS:
        raise PermissionDenied(
            gettext(
                "account %(code)s is a %(kind)s account: its money moves only through its "
                "product's actions (voucher grants, redemptions, settlements, contract "
                "payments), never by a plain transfer"
            )
            % {"code": debit.code, "kind": gettext(debit.kind)}
        )
    if (
        credit is not None
        and credit.kind in MANAGED_KINDS
        and not (is_platform_admin(actor) and debit.kind == Account.Kind.EXTERNAL)
    ):
        raise PermissionDenied(
            gettext(
                "account %(code)s is a %(kind)s account: only platform admins fund it, "
                "from an external account; everything else goes through its product's actions"
            )
            % {"code": credit.code, "kind": gettext(credit.kind)}
        )


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
    """A plain transfer: move ``amount`` fen from account ``debit`` to ``credit`` exactly
    once per ``key`` (kept in the acting user's namespace, see :func:`user_key`).

    Submitting the same key again returns the first transfer; the same key with
    different fields raises ``Conflict`` naming the first differing field. With
    ``pending`` the amount is reserved until :func:`post_pending` or
    :func:`void_pending`. Limits are never broken (``ValidationFailed`` names the
    account and the amount available). Programme, budget, clearing and escrow accounts
    are refused (:data:`MANAGED_KINDS`): their money moves through product actions.
    """
    with transaction.atomic():
        accounts = {a.code: a for a in Account.objects.filter(code__in=[debit, credit])}
        account = accounts.get(debit)
        if account is not None:
            _require_payer(actor, account)
        elif actor is None or not actor.is_authenticated:
            raise NotAuthenticated(gettext("you must log in to move money"))
        if account is not None:
            _require_plain(actor, account, accounts.get(credit))
        return engine.transfer(
            actor=actor,
            key=user_key(actor, key),
            debit=debit,
            credit=credit,
            amount=amount,
            memo=memo,
            pending=pending,
            metadata=metadata,
        )


def pay(
    *,
    actor: Actor,
    key: str,
    debit: str,
    credit: str,
    amount: int,
    memo: str = "",
    metadata: dict[str, Any] | None = None,
) -> Transfer:
    """A product's payment out of a payer's account (e.g. a buyer into a deal's escrow):
    the actor must be able to pay from ``debit``; the product names the key in its own
    namespace and may credit the accounts it manages."""
    with transaction.atomic():
        account = Account.objects.filter(code=debit).only("code", "owner_id").first()
        if account is None:
            raise NotFound(gettext("no account %(code)s") % {"code": repr(debit)})
        _require_payer(actor, account)
        return engine.transfer(
            actor=actor,
            key=key,
            debit=debit,
            credit=credit,
            amount=amount,
            memo=memo,
            metadata=metadata,
        )


def _pending_of(actor: Actor, transfer_id: int) -> None:
    t = Transfer.objects.select_related("debit").filter(pk=transfer_id).first()
    if t is None:
        raise NotFound(gettext("no transfer with id %(id)s") % {"id": transfer_id})
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
