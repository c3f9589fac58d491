"""REST endpoints of the vouchers app: programmes, grants, redemptions, clearing, credit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.errors import ValidationFailed
from innofield.core.lookup import get_visible
from innofield.registry.models import Alliance, Organization, Region

from . import actions, queries
from .models import CreditLine, Grant, Programme, Redemption, SettlementBatch
from .schemas import (
    ClawbackIn,
    CreditLineIn,
    CreditLineOut,
    DrawIn,
    GrantIn,
    GrantOut,
    GrantPage,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePage,
    RedeemIn,
    RedemptionOut,
    RedemptionPage,
    SettlementOut,
)

router = Router(tags=["vouchers"])
WRITE: dict[str, Any] = {"auth": BearerAuth()}


def _org(code: str, field: str) -> Organization:
    org = Organization.objects.select_related("region").filter(code=code).first()
    if org is None:
        raise ValidationFailed.single(field, f"no organization {code!r}")
    return org


@router.get("/voucher-programmes", response=ProgrammePage)
def list_programmes(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    """Open programmes and those your organizations run."""
    return paginate(queries.programmes(actor_of(request)), page.limit, page.offset)


@router.get("/voucher-programmes/{code}", response={200: ProgrammeOut, 404: ErrorOut})
def get_programme(request: HttpRequest, code: str) -> Programme:
    """One programme with its terms."""
    return queries.programme(actor_of(request), code)


@router.post("/voucher-programmes", response={201: ProgrammeOut, **ERRORS}, **WRITE)
def create_programme(request: HttpRequest, payload: ProgrammeIn) -> Status[Programme]:
    """Create a programme funded from the issuing region's budget account (officers)."""
    data = payload.model_dump()
    region = Region.objects.filter(code=data.pop("issuer_region")).first()
    if region is None:
        raise ValidationFailed.single("issuer_region", "no such region")
    alliance = None
    if data.get("issuer_alliance"):
        alliance = Alliance.objects.filter(code=data["issuer_alliance"]).first()
        if alliance is None:
            raise ValidationFailed.single("issuer_alliance", "no such alliance")
    data.pop("issuer_alliance")
    officer_org = _org(data.pop("officer_org"), "officer_org")
    return Status(
        201,
        actions.create_programme(
            actor=actor_of(request),
            issuer_region=region,
            issuer_alliance=alliance,
            officer_org=officer_org,
            **data,
        ),
    )


@router.post("/voucher-programmes/{code}/grants", response={201: GrantOut, **ERRORS}, **WRITE)
def create_grant(request: HttpRequest, code: str, payload: GrantIn) -> Status[Grant]:
    """Grant a voucher to a firm; the same ``key`` grants once."""
    p = queries.programme(actor_of(request), code)
    return Status(
        201,
        actions.grant(
            actor=actor_of(request),
            key=payload.key,
            programme_id=p.pk,
            firm=_org(payload.firm, "firm"),
            amount=payload.amount,
        ),
    )


@router.post("/voucher-programmes/{code}/expire", response={200: dict, **ERRORS}, **WRITE)
def expire(request: HttpRequest, code: str) -> dict[str, int]:
    """Expire grants past their date; what is left returns to the budget."""
    p = queries.programme(actor_of(request), code)
    return {"expired": actions.expire_grants(actor=actor_of(request), programme_id=p.pk)}


@router.get("/voucher-grants", response=GrantPage)
def list_grants(
    request: HttpRequest, page: Query[Page], programme: str | None = None
) -> dict[str, Any]:
    """Grants to your firms and grants of programmes you run."""
    return paginate(
        queries.grants(actor_of(request), programme_code=programme), page.limit, page.offset
    )


@router.post("/voucher-grants/{grant_id}/redeem", response={201: RedemptionOut, **ERRORS}, **WRITE)
def redeem(request: HttpRequest, grant_id: int, payload: RedeemIn) -> Status[Redemption]:
    """Redeem a grant at a provider with delivery evidence; the same ``key`` redeems once."""
    data = payload.model_dump()
    provider = _org(data.pop("provider"), "provider")
    return Status(
        201, actions.redeem(actor=actor_of(request), grant_id=grant_id, provider=provider, **data)
    )


@router.get("/voucher-redemptions", response={200: RedemptionPage, 422: ErrorOut})
def list_redemptions(
    request: HttpRequest, page: Query[Page], role: str | None = None
) -> dict[str, Any]:
    """Redemptions you may see; ``role`` = firm | provider | officer narrows them."""
    if role not in (None, "firm", "provider", "officer"):
        raise ValidationFailed.single("role", "must be firm, provider or officer")
    return paginate(queries.redemptions(actor_of(request), role=role), page.limit, page.offset)


@router.post(
    "/voucher-redemptions/{redemption_id}/clawback",
    response={200: RedemptionOut, **ERRORS},
    **WRITE,
)
def clawback(request: HttpRequest, redemption_id: int, payload: ClawbackIn) -> Redemption:
    """Claw back a redemption (programme officers)."""
    return actions.clawback(
        actor=actor_of(request), redemption_id=redemption_id, reason=payload.reason
    )


@router.post("/voucher-settlements", response={201: SettlementOut, 204: None, **ERRORS}, **WRITE)
def settle(request: HttpRequest) -> Status[SettlementBatch | None]:
    """Run a settlement between regions (platform admins); 204 when nothing is due."""
    batch = actions.settle(actor=actor_of(request))
    return Status(201, batch) if batch is not None else Status(204, None)


@router.get("/voucher-settlements", response=list[SettlementOut])
def list_settlements(request: HttpRequest) -> list[SettlementBatch]:
    """Settlement batches (platform admins)."""
    return list(queries.settlements(actor_of(request))[:200])


@router.get("/credit-lines", response=list[CreditLineOut])
def list_credit_lines(request: HttpRequest) -> list[CreditLine]:
    """Joint credit lines of your firm or your bank."""
    return list(queries.credit_lines(actor_of(request))[:200])


@router.post("/credit-lines", response={201: CreditLineOut, **ERRORS}, **WRITE)
def open_credit_line(request: HttpRequest, payload: CreditLineIn) -> Status[CreditLine]:
    """Open a joint credit line (the lead bank); the score is explained in the answer."""
    line = actions.open_credit_line(
        actor=actor_of(request),
        code=payload.code,
        firm=_org(payload.firm, "firm"),
        lead_bank=_org(payload.lead_bank, "lead_bank"),
        limit=payload.limit,
        shares=payload.shares,
    )
    return Status(201, line)


@router.post("/credit-lines/{line_id}/draw", response={200: CreditLineOut, **ERRORS}, **WRITE)
def draw(request: HttpRequest, line_id: int, payload: DrawIn) -> CreditLine:
    """Draw on a credit line; each bank pays its share to the firm's account."""
    actions.draw_credit(
        actor=actor_of(request), line_id=line_id, amount=payload.amount, key=payload.key
    )
    line = get_visible(queries.credit_lines(actor_of(request)), line_id, "credit line")
    return line
