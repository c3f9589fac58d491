"""The prize on the ledger.

A challenge's escrow ``challenges:prize:<id>`` (kind clearing, no owner: no plain
transfer moves it) receives the whole prize from the poster's ``ORG-<code>`` when the
challenge is published (``challenges:fund:<id>``, through :func:`ledger.actions.pay`, so
only someone who may pay for the poster can publish). It pays each award to the
winner's own account (``challenges:award:<award id>``) and what is left to the poster
(``challenges:return:<id>``) when the challenge is decided, withdrawn or expires; after
that it is empty. ``invariants.check`` compares every escrow with its challenge.
"""

from __future__ import annotations

from django.utils.translation import gettext

from innofield.core.errors import ValidationFailed
from innofield.core.permissions import Actor
from innofield.ledger import actions as ledger_actions
from innofield.ledger import engine as ledger_engine
from innofield.ledger.codes import organization_account
from innofield.ledger.models import Account
from innofield.registry.models import Organization

from .models import Award, Challenge

PREFIX = "challenges:prize:"


def escrow_code(challenge_id: int) -> str:
    """The ledger code of a challenge's escrow."""
    return f"{PREFIX}{challenge_id}"


def balance(code: str) -> int:
    """The posted balance of account ``code`` (0 if it does not exist)."""
    row = Account.objects.filter(code=code).first()
    return row.balance if row is not None else 0


def poster_balance(poster: Organization) -> int | None:
    """What the poster's own account holds (``None`` when it has none)."""
    row = Account.objects.filter(code=organization_account(poster)).first()
    return row.balance if row is not None else None


def fund(actor: Actor, challenge: Challenge) -> str:
    """Move the prize from the poster's account into a new escrow; returns the escrow's
    code. Refused on ``prize_fen`` when the poster's account is missing or short."""
    debit = organization_account(challenge.poster)
    held = poster_balance(challenge.poster)
    if held is None or held < challenge.prize_fen:
        raise ValidationFailed.single(
            "prize_fen",
            gettext(
                "the prize is funded from the poster's account %(code)s, which holds "
                "%(held)s fen; %(prize)s fen are needed"
            )
            % {"code": debit, "held": held or 0, "prize": challenge.prize_fen},
        )
    code = escrow_code(challenge.pk)
    if not Account.objects.filter(code=code).exists():
        ledger_engine.open_account(
            actor=actor,
            code=code,
            name=f"prize escrow of challenge {challenge.pk}",
            kind=Account.Kind.CLEARING,
            debits_must_not_exceed_credits=True,
        )
    ledger_actions.pay(
        actor=actor,
        key=f"challenges:fund:{challenge.pk}",
        debit=debit,
        credit=code,
        amount=challenge.prize_fen,
        memo=f"prize of challenge {challenge.pk}: {challenge.title}"[:500],
        metadata={"challenge": challenge.pk},
    )
    return code


def pay_award(actor: Actor, award: Award) -> str:
    """Pay one award from the escrow to the winner's own account; returns the key."""
    challenge = award.challenge
    winner = award.submission.solver
    key = f"challenges:award:{award.pk}"
    ledger_engine.transfer(
        actor=actor,
        key=key,
        debit=escrow_code(challenge.pk),
        credit=ledger_engine.ensure_organization_account(actor, winner),
        amount=award.amount_fen,
        memo=f"prize of challenge {challenge.pk} to {winner.code}",
        metadata={"challenge": challenge.pk, "submission": award.submission_id},
    )
    return key


def return_rest(actor: Actor, challenge: Challenge) -> int:
    """Return what the escrow still holds to the poster; returns the amount (fen)."""
    code = escrow_code(challenge.pk)
    ledger_engine.lock_accounts([code])
    left = balance(code)
    if left > 0:
        ledger_engine.transfer(
            actor=actor,
            key=f"challenges:return:{challenge.pk}",
            debit=code,
            credit=ledger_engine.ensure_organization_account(actor, challenge.poster),
            amount=left,
            memo=f"prize of challenge {challenge.pk} back to {challenge.poster.code}",
            metadata={"challenge": challenge.pk},
        )
    return left
