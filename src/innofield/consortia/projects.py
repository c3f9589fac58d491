"""State changes of joint R&D projects. Each takes the acting user, runs in one
transaction and writes its audit row in it.

The lead's managers build the consortium (partners with budgets, work packages,
milestones, the IP agreement) and start, complete or cancel the project; funders pay into
its escrow; partners submit a milestone's evidence; the lead or a funder accepts or
rejects it; a funder (someone who may pay for it) pays an accepted milestone, which moves
its amount from the escrow to the partners by their budget shares.

Rules (each refused with 422 naming the field):

* ``budget_fen`` — the partners' budgets together cannot exceed the project's budget;
* ``amount_fen`` — a milestone's payment cannot exceed the remaining budget (the
  partners' budgets less the other milestones), nor, when paid, what the escrow holds;
  funding cannot exceed the budget not yet funded;
* ``shares`` — foreground IP shares: one per partner, each in (0, 100], summing to 100.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from innofield.catalog import actions as catalog_actions
from innofield.core import audit
from innofield.core.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from innofield.core.lookup import get_visible
from innofield.core.permissions import (
    Actor,
    is_platform_admin,
    organization_ids,
    require,
    require_member,
)
from innofield.core.schemas import MAX_FEN
from innofield.registry.models import Organization

from . import money
from .lifecycle import MILESTONE, PROJECT
from .models import (
    Funding,
    IPAgreement,
    JointProject,
    Milestone,
    OrgAlliance,
    Partner,
    ProjectResult,
    WorkPackage,
)

HUNDRED = Decimal(100)


def _locked(code: str) -> JointProject:
    row = JointProject.objects.select_for_update(of=("self",)).filter(code=code).first()
    if row is None:
        raise NotFound(f"no joint project {code}")
    return row


def _open(project: JointProject, *states: str) -> None:
    if project.state not in states:
        raise Conflict(
            f"project {project.code} is {project.state}; this needs {' or '.join(states)}"
        )


def _fen(value: Any, field: str, *, positive: bool = True) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_FEN:
        raise ValidationFailed.single(field, "an amount in fen, 0 or more")
    if positive and value <= 0:
        raise ValidationFailed.single(field, "must be more than 0")
    return value


def create_project(
    *,
    actor: Actor,
    code: str,
    title: str,
    lead: Organization,
    budget_fen: int,
    summary: str = "",
    alliance: OrgAlliance | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    synthetic: bool = False,
) -> JointProject:
    """Draft a joint project led by ``lead`` (its managers); the lead is its first partner."""
    require_member(actor, lead, "manage")
    problems = []
    if not code.strip() or len(code.strip()) > 40:
        problems.append(FieldError("code", "is required, at most 40 characters"))
    if not title.strip():
        problems.append(FieldError("title", "is required"))
    if starts_on and ends_on and ends_on < starts_on:
        problems.append(FieldError("ends_on", "is before starts_on"))
    if problems:
        raise ValidationFailed(problems)
    _fen(budget_fen, "budget_fen")
    with transaction.atomic():
        if JointProject.objects.filter(code=code.strip()).exists():
            raise ValidationFailed.single("code", f"project {code} exists already")
        row = JointProject.objects.create(
            code=code.strip(),
            title=title.strip(),
            summary=summary.strip(),
            lead=lead,
            alliance=alliance,
            budget_fen=budget_fen,
            starts_on=starts_on,
            ends_on=ends_on,
            state=PROJECT.start("create"),
            synthetic=synthetic,
        )
        Partner.objects.create(project=row, organization=lead, role="lead")
        audit.record(actor, "consortia.project.create", row, after=audit.snapshot(row))
    return row


def set_partner(*, actor: Actor, code: str, organization: Organization, budget_fen: int) -> Partner:
    """Add a partner with its budget, or change a partner's budget (the lead's managers,
    before completion). The partners' budgets together stay within the project's."""
    _fen(budget_fen, "budget_fen", positive=False)
    with transaction.atomic():
        project = _locked(code)
        require(actor, "manage", project)
        _open(project, "draft", "active")
        others = (
            project.partners.exclude(organization=organization).aggregate(s=Sum("budget_fen"))["s"]
            or 0
        )
        if others + budget_fen > project.budget_fen:
            raise ValidationFailed.single(
                "budget_fen",
                f"the partners' budgets would be {others + budget_fen} fen, more than the "
                f"project's budget of {project.budget_fen}",
            )
        row, created = Partner.objects.get_or_create(
            project=project, organization=organization, defaults={"budget_fen": budget_fen}
        )
        old = None if created else row.budget_fen
        if created:  # a new partner needs a new IP agreement that gives it a share
            IPAgreement.objects.filter(project=project).update(agreed_at=None)
        if not created:
            row.budget_fen = budget_fen
            row.save(update_fields=["budget_fen"])
        audit.record(
            actor,
            "consortia.partner.set",
            row,
            {"organization": organization.code, "budget_fen": [old, budget_fen]},
        )
    return row


def add_package(
    *,
    actor: Actor,
    code: str,
    package_code: str,
    title: str,
    leader: Organization,
    description: str = "",
) -> WorkPackage:
    """A work package led by one of the partners (the lead's managers)."""
    if not package_code.strip() or len(package_code.strip()) > 20:
        raise ValidationFailed.single("code", "is required, at most 20 characters")
    if not title.strip():
        raise ValidationFailed.single("title", "is required")
    with transaction.atomic():
        project = _locked(code)
        require(actor, "manage", project)
        _open(project, "draft", "active")
        if not project.partners.filter(organization=leader).exists():
            raise ValidationFailed.single("leader", f"{leader.code} is not a partner")
        if project.packages.filter(code=package_code.strip()).exists():
            raise ValidationFailed.single("code", f"{package_code} exists already")
        row = WorkPackage.objects.create(
            project=project,
            code=package_code.strip(),
            title=title.strip(),
            leader=leader,
            description=description.strip(),
        )
        audit.record(actor, "consortia.package.add", row, after=audit.snapshot(row))
    return row


def remaining_budget(project: JointProject, exclude: int | None = None) -> int:
    """The partners' budgets less the amounts of the live (not dropped) milestones."""
    budgets = project.partners.aggregate(s=Sum("budget_fen"))["s"] or 0
    planned = project.milestones.exclude(state="dropped")
    if exclude is not None:
        planned = planned.exclude(pk=exclude)
    return budgets - (planned.aggregate(s=Sum("amount_fen"))["s"] or 0)


def plan_milestone(
    *,
    actor: Actor,
    code: str,
    title: str,
    amount_fen: int,
    due_on: dt.date | None = None,
    deliverables: list[str] | None = None,
    package: str = "",
) -> Milestone:
    """A milestone with its deliverables and payment (the lead's managers); its payment
    fits in the remaining budget."""
    if not title.strip():
        raise ValidationFailed.single("title", "is required")
    _fen(amount_fen, "amount_fen", positive=False)
    items = [d.strip() for d in deliverables or [] if d.strip()]
    if len(items) > 30 or any(len(d) > 300 for d in items):
        raise ValidationFailed.single("deliverables", "at most 30 of at most 300 characters")
    with transaction.atomic():
        project = _locked(code)
        require(actor, "manage", project)
        _open(project, "draft", "active")
        left = remaining_budget(project)
        if amount_fen > left:
            raise ValidationFailed.single(
                "amount_fen",
                f"{amount_fen} fen is more than the remaining budget of {left} fen "
                "(the partners' budgets less the other milestones)",
            )
        wp = None
        if package:
            wp = project.packages.filter(code=package).first()
            if wp is None:
                raise ValidationFailed.single("package", f"no work package {package}")
        seq = (project.milestones.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
        row = Milestone.objects.create(
            project=project,
            package=wp,
            seq=seq,
            title=title.strip(),
            due_on=due_on,
            amount_fen=amount_fen,
            deliverables=items,
            state=MILESTONE.start("plan"),
        )
        audit.record(actor, "consortia.milestone.plan", row, after=audit.snapshot(row))
    return row


def fund(
    *, actor: Actor, code: str, funder: Organization, amount_fen: int, programme: str = ""
) -> Funding:
    """A funder pays ``amount_fen`` into the project's escrow (who may pay for the funder);
    funding stays within the budget not yet funded."""
    _fen(amount_fen, "amount_fen")
    require_member(actor, funder, "pay")
    with transaction.atomic():
        project = _locked(code)
        _open(project, "draft", "active")
        funded = project.fundings.aggregate(s=Sum("amount_fen"))["s"] or 0
        if funded + amount_fen > project.budget_fen:
            raise ValidationFailed.single(
                "amount_fen",
                f"the project is funded with {funded} of {project.budget_fen} fen; "
                f"{amount_fen} more would exceed its budget",
            )
        row = Funding.objects.create(
            project=project,
            funder=funder,
            programme=programme.strip()[:200],
            amount_fen=amount_fen,
            transfer_key="-",
        )
        row.transfer_key = money.deposit(actor, row)
        row.save(update_fields=["transfer_key"])
        audit.record(actor, "consortia.project.fund", row, after=audit.snapshot(row))
    return row


def _share(raw: Any, field: str) -> Decimal:
    if isinstance(raw, float | bool):
        raise ValidationFailed.single(field, 'give the share as a decimal string, e.g. "40"')
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed.single(field, f"{raw!r} is not a number") from None
    if not value.is_finite() or not 0 < value <= HUNDRED:
        raise ValidationFailed.single(field, "must be more than 0 and at most 100 (percent)")
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        raise ValidationFailed.single(field, "at most 4 decimal places")
    return value


def set_ip_agreement(
    *,
    actor: Actor,
    code: str,
    shares: dict[str, Any],
    background: list[dict[str, str]] | None = None,
    terms: str = "",
) -> IPAgreement:
    """Record the IP agreement (the lead's managers): background IP per partner and the
    foreground shares per partner in percent, one for every partner, summing to 100."""
    with transaction.atomic():
        project = _locked(code)
        require(actor, "manage", project)
        _open(project, "draft", "active")
        partners = {p.organization.code: p for p in project.partners.select_related("organization")}
        for org_code in shares:
            if org_code not in partners:
                raise ValidationFailed.single(f"shares.{org_code}", "is not a partner")
        parsed = {c: _share(shares.get(c), f"shares.{c}") for c in partners if c in shares}
        missing = sorted(set(partners) - set(parsed))
        if missing:
            raise ValidationFailed.single(
                f"shares.{missing[0]}", "every partner has a foreground share"
            )
        total = sum(parsed.values(), Decimal(0))
        if total != HUNDRED:
            raise ValidationFailed.single("shares", f"must sum to 100 %, they sum to {total}")
        listed = []
        for i, entry in enumerate(background or []):
            org, title = str(entry.get("organization", "")), str(entry.get("title", "")).strip()
            if org not in partners:
                raise ValidationFailed.single(f"background.{i}.organization", "is not a partner")
            if not title or len(title) > 300:
                raise ValidationFailed.single(f"background.{i}.title", "1-300 characters")
            listed.append({"organization": org, "title": title})
        for org_code, partner in partners.items():
            partner.ip_share = parsed[org_code]
            partner.save(update_fields=["ip_share"])
        row, _created = IPAgreement.objects.update_or_create(
            project=project,
            defaults={
                "background": listed,
                "terms": terms.strip(),
                "agreed_at": timezone.now(),
                "agreed_by_id": getattr(actor, "pk", None),
            },
        )
        audit.record(
            actor,
            "consortia.ip.agree",
            row,
            {"shares": {c: str(v) for c, v in parsed.items()}, "background": listed},
        )
    return row


def transition_project(*, actor: Actor, code: str, move: str) -> JointProject:
    """``start`` (with partners, budgets and an IP agreement), ``complete`` (every
    milestone paid or dropped) or ``cancel`` — the lead's managers; the rest of the
    escrow goes back to the funders when it ends."""
    if move not in ("start", "complete", "cancel"):
        raise ValidationFailed.single("transition", f"unknown project transition {move!r}")
    with transaction.atomic():
        project = _locked(code)
        require(actor, "manage", project)
        before = audit.snapshot(project)
        old, new = project.state, PROJECT.advance(project.state, move)
        if move == "start":
            if project.partners.count() < 2:
                raise Conflict("a joint project needs the lead and at least one partner")
            if not IPAgreement.objects.filter(project=project, agreed_at__isnull=False).exists():
                raise Conflict("agree the IP agreement before starting")
        if move == "complete" and project.milestones.exclude(state__in=("paid", "dropped")):
            raise Conflict("every milestone must be paid or dropped before completion")
        refunded = money.refund(actor, project) if move in ("complete", "cancel") else 0
        project.state = new
        project.save(update_fields=["state"])
        audit.record(
            actor,
            f"consortia.project.{move}",
            project,
            {"state": [old, new], "refunded_fen": refunded},
            before=before,
            after=audit.snapshot(project),
        )
    return project


def _funder_ids(project: JointProject) -> set[int]:
    return set(project.fundings.values_list("funder_id", flat=True))


def _require_reviewer(actor: Actor, project: JointProject) -> None:
    """The lead's or a funder's managers (or officers), or platform admins."""
    if is_platform_admin(actor):
        return
    mine = set(organization_ids(actor, "manage")) | set(organization_ids(actor, "govern"))
    if not ({project.lead_id} | _funder_ids(project)) & mine:
        raise PermissionDenied("only the lead's or a funder's managers may review a milestone")


def _require_partner(actor: Actor, project: JointProject) -> None:
    if is_platform_admin(actor):
        return
    mine = set(organization_ids(actor, "change"))
    if not mine & set(project.partners.values_list("organization_id", flat=True)):
        raise PermissionDenied("only the project's partners submit a milestone's evidence")


def _require_funder_payer(actor: Actor, project: JointProject) -> None:
    if is_platform_admin(actor):
        return
    if not _funder_ids(project) & set(organization_ids(actor, "pay")):
        raise PermissionDenied(
            "only someone who may pay for one of the project's funders releases its money"
        )


def transition_milestone(
    *, actor: Actor, milestone_id: int, move: str, evidence: str = "", review: str = ""
) -> Milestone:
    """``submit`` evidence (the partners), ``accept`` or ``reject`` (the lead or a funder),
    ``pay`` (a funder: the escrow pays the partners by budget share), ``drop`` (the lead)."""
    if move not in MILESTONE.transitions() or move == "plan":
        raise ValidationFailed.single("transition", f"unknown milestone transition {move!r}")
    with transaction.atomic():
        row = get_visible(
            Milestone.objects.select_for_update(of=("self",)).select_related("project"),
            milestone_id,
            "milestone",
        )
        project = row.project
        if move == "submit":
            _require_partner(actor, project)
        elif move in ("accept", "reject"):
            _require_reviewer(actor, project)
        elif move == "pay":
            _require_funder_payer(actor, project)
        else:
            require(actor, "manage", project)
        before = audit.snapshot(row)
        old, new = row.state, MILESTONE.advance(row.state, move)
        if move in ("submit", "accept", "reject", "pay"):
            _open(project, "active")
        if move == "submit":
            if not evidence.strip():
                raise ValidationFailed.single("evidence", "name the evidence of the deliverables")
            row.evidence = evidence.strip()
        if move in ("accept", "reject"):
            if move == "reject" and not review.strip():
                raise ValidationFailed.single("review", "say why the milestone is rejected")
            row.review = review.strip()
        if move == "pay":
            paid = project.milestones.filter(state="paid").aggregate(s=Sum("amount_fen"))["s"] or 0
            budgets = project.partners.aggregate(s=Sum("budget_fen"))["s"] or 0
            if paid + row.amount_fen > budgets:
                raise ValidationFailed.single(
                    "amount_fen",
                    f"{row.amount_fen} fen is more than the remaining budget of "
                    f"{budgets - paid} fen",
                )
            held = money.balance(money.project_escrow(project.pk))
            if row.amount_fen > held:
                raise ValidationFailed.single(
                    "amount_fen",
                    f"the escrow holds {held} fen, the milestone pays {row.amount_fen}: "
                    "the funders must pay in first",
                )
            row.payments = money.release(actor, row) if row.amount_fen else []
        row.state = new
        row.save(update_fields=["state", "evidence", "review", "payments"])
        audit.record(
            actor,
            f"consortia.milestone.{move}",
            row,
            {"state": [old, new]},
            before=before,
            after=audit.snapshot(row),
        )
    return row


def register_result(
    *,
    actor: Actor,
    code: str,
    title: str,
    description: str = "",
    ip_status: str = "none",
    field: str = "",
    trl: int | None = None,
) -> ProjectResult:
    """Register a project result as a catalog technology owned by the lead and co-owned
    by the other partners with their foreground shares (``details.co_owners``), so that
    the market pays every owner its share when it is sold (the lead's managers)."""
    with transaction.atomic():
        project = _locked(code)
        require(actor, "manage", project)
        _open(project, "active", "completed")
        if not IPAgreement.objects.filter(project=project, agreed_at__isnull=False).exists():
            raise Conflict("agree the IP agreement before registering results")
        partners = list(project.partners.select_related("organization").order_by("id"))
        co_owners = [
            {"organization": p.organization.code, "share": str((p.ip_share / HUNDRED).normalize())}
            for p in partners
            if p.organization_id != project.lead_id and p.ip_share is not None
        ]
        data: dict[str, Any] = {
            "kind": "technology",
            "title": title,
            "description": description,
            "owner": project.lead.code,
            "trl": trl,
            "source": f"joint project {project.code}",
            "synthetic": project.synthetic,
            "details": {"ip_status": ip_status, "field": field, "co_owners": co_owners},
        }
        item = catalog_actions.create_item(actor=actor, data=data)
        row = ProjectResult.objects.create(project=project, item=item)
        audit.record(
            actor, "consortia.result.register", row, {"item": item.pk, "co_owners": co_owners}
        )
    return row


def visible(actor: Actor) -> Any:
    """Projects the actor may see: public ones, and those its organisations lead, partner
    in or fund."""
    qs = JointProject.objects.select_related("lead", "alliance")
    if is_platform_admin(actor):
        return qs
    mine = organization_ids(actor, "view")
    return qs.filter(
        Q(state__in=("active", "completed"))
        | Q(lead_id__in=mine)
        | Q(partners__organization_id__in=mine)
        | Q(fundings__funder_id__in=mine)
    ).distinct()
