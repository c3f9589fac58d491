"""Money of alliances and joint projects on the ledger.

* An alliance's fund ``consortia:alliance:<code>`` (kind programme, owned by the lead, so
  no plain transfer moves it) receives members' yearly fees: ``consortia:fee:<membership
  id>:<year>`` from the member's ``ORG-<code>`` through :func:`ledger.actions.pay`, so
  only someone who may pay for the member can pay its fee.
* A project's escrow ``consortia:project:<id>`` (kind clearing, no owner) receives the
  funders' money (``consortia:fund:<funding id>``, paid by the funder through
  ``ledger.actions.pay``); an accepted milestone is paid from it to the partners by
  their budget shares (``consortia:ms:<id>:<k>``, split with the market's
  :func:`~innofield.market.shares.split`, the rounding rest to the lead); what is left
  when the project ends goes back to the funders by what each put in
  (``consortia:refund:<funding id>``).

``invariants.check`` compares these accounts with the records (``innofield ledger
check``).
"""

from __future__ import annotations

from decimal import Decimal

from innofield.core.errors import Conflict
from innofield.core.permissions import Actor
from innofield.ledger import actions as ledger_actions
from innofield.ledger import engine as ledger_engine
from innofield.ledger.codes import organization_account
from innofield.ledger.models import Account
from innofield.market import shares
from innofield.registry.models import Organization

from .models import FeePayment, Funding, JointProject, Milestone, OrgAlliance

ALLIANCE_PREFIX = "consortia:alliance:"
PROJECT_PREFIX = "consortia:project:"


def alliance_account(code: str) -> str:
    """The ledger code of an alliance's fund."""
    return f"{ALLIANCE_PREFIX}{code}"


def project_escrow(project_id: int) -> str:
    """The ledger code of a project's escrow."""
    return f"{PROJECT_PREFIX}{project_id}"


def balance(code: str) -> int:
    """The posted balance of account ``code`` (0 if it does not exist yet)."""
    row = Account.objects.filter(code=code).first()
    return row.balance if row is not None else 0


def open_alliance_account(actor: Actor, alliance: OrgAlliance) -> str:
    """Open the alliance's fund (the product opens it; nobody moves it by hand)."""
    code = alliance_account(alliance.code)
    if not Account.objects.filter(code=code).exists():
        ledger_engine.open_account(
            actor=actor,
            code=code,
            name=f"fund of alliance {alliance.code}",
            kind=Account.Kind.PROGRAMME,
            owner=alliance.lead,
            debits_must_not_exceed_credits=True,
        )
    return code


def _org_account(actor: Actor, org: Organization, *, must_exist: bool) -> str:
    code = organization_account(org)
    if not Account.objects.filter(code=code).exists():
        if must_exist:
            raise Conflict(f"{org.code} has no ledger account {code}; open and fund it first")
        ledger_engine.ensure_organization_account(actor, org)
    return code


def pay_fee(actor: Actor, fee: FeePayment) -> str:
    """Move the fee from the member's account into the alliance's fund; returns the key."""
    membership = fee.membership
    alliance = membership.alliance
    debit = _org_account(actor, membership.organization, must_exist=True)
    credit = open_alliance_account(actor, alliance)
    key = f"consortia:fee:{membership.pk}:{fee.year}"
    ledger_actions.pay(
        actor=actor,
        key=key,
        debit=debit,
        credit=credit,
        amount=fee.amount_fen,
        memo=f"{alliance.code} fee {fee.year} of {membership.organization.code}",
        metadata={"alliance": alliance.code, "membership": membership.pk, "year": fee.year},
    )
    return key


def _escrow(actor: Actor, project: JointProject) -> str:
    code = project_escrow(project.pk)
    if not Account.objects.filter(code=code).exists():
        ledger_engine.open_account(
            actor=actor,
            code=code,
            name=f"escrow of joint project {project.code}",
            kind=Account.Kind.CLEARING,
            debits_must_not_exceed_credits=True,
        )
    return code


def deposit(actor: Actor, funding: Funding) -> str:
    """Move the funder's money into the project's escrow; returns the key."""
    debit = _org_account(actor, funding.funder, must_exist=True)
    key = f"consortia:fund:{funding.pk}"
    ledger_actions.pay(
        actor=actor,
        key=key,
        debit=debit,
        credit=_escrow(actor, funding.project),
        amount=funding.amount_fen,
        memo=f"funding of joint project {funding.project.code} by {funding.funder.code}",
        metadata={"project": funding.project.code, "funding": funding.pk},
    )
    return key


def budget_split(project: JointProject, amount_fen: int) -> list[tuple[Organization, int]]:
    """``amount_fen`` split among the partners by their budgets (lead first, rest to it)."""
    partners = [p for p in project.partners.select_related("organization").order_by("id")]
    total = sum(p.budget_fen for p in partners)
    if total <= 0:
        raise Conflict("the partners have no budgets to split a payment by")
    parts = shares.split(amount_fen, [Decimal(p.budget_fen) / Decimal(total) for p in partners])
    return [(p.organization, part) for p, part in zip(partners, parts, strict=True)]


def release(actor: Actor, milestone: Milestone) -> list[dict[str, object]]:
    """Pay an accepted milestone from the escrow to the partners; returns the payments."""
    project = milestone.project
    escrow = _escrow(actor, project)
    ledger_engine.lock_accounts([escrow])
    paid = []
    for k, (org, part) in enumerate(budget_split(project, milestone.amount_fen)):
        if part == 0:
            continue
        ledger_engine.transfer(
            actor=actor,
            key=f"consortia:ms:{milestone.pk}:{k}",
            debit=escrow,
            credit=_org_account(actor, org, must_exist=False),
            amount=part,
            memo=f"{project.code} milestone {milestone.seq}: {milestone.title}"[:500],
            metadata={"project": project.code, "milestone": milestone.pk},
        )
        paid.append({"organization": org.code, "amount_fen": part})
    return paid


def refund(actor: Actor, project: JointProject) -> int:
    """Return what the escrow holds to the funders by what each put in; returns the sum."""
    escrow = project_escrow(project.pk)
    left = balance(escrow)
    fundings = list(project.fundings.select_related("funder").order_by("id"))
    if left <= 0 or not fundings:
        return 0
    total = sum(f.amount_fen for f in fundings)
    parts = shares.split(left, [Decimal(f.amount_fen) / Decimal(total) for f in fundings])
    for funding, part in zip(fundings, parts, strict=True):
        if part == 0:
            continue
        ledger_engine.transfer(
            actor=actor,
            key=f"consortia:refund:{funding.pk}",
            debit=escrow,
            credit=_org_account(actor, funding.funder, must_exist=False),
            amount=part,
            memo=f"rest of joint project {project.code} back to {funding.funder.code}",
            metadata={"project": project.code, "funding": funding.pk},
        )
        funding.refunded_fen = part
        funding.save(update_fields=["refunded_fen"])
    return left
