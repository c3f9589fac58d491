"""REST endpoints of talent: profiles with consent, moves, demands, matches and flows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.errors import NotFound, ValidationFailed
from innofield.core.permissions import is_platform_admin
from innofield.registry.models import Organization, Region

from . import actions, availability, consultations, flows, present, queries
from .schemas import (
    AvailabilityIn,
    AvailabilityOut,
    ConsentIn,
    ConsultationActIn,
    ConsultationIn,
    ConsultationOut,
    ConsultationPage,
    DemandIn,
    DemandOut,
    DemandPage,
    FlowsOut,
    MatchOut,
    MoveIn,
    ProfileIn,
    ProfileOut,
    ProfilePage,
    WithdrawIn,
)

router = Router(tags=["talent"])
WRITE: dict[str, Any] = {"auth": BearerAuth()}
SPARSE: dict[str, Any] = {"exclude_none": True}


def _org(code: str, field: str) -> Organization | None:
    if not code:
        return None
    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise ValidationFailed.single(field, f"no organization {code!r}")
    return org


def _region(code: str, field: str = "region") -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationFailed.single(field, f"no region {code!r}")
    return region


@router.get("/talent/profiles", response={200: ProfilePage, 422: ErrorOut}, **SPARSE)
def list_profiles(request: HttpRequest, page: Query[Page], text: str = "") -> Any:
    """Published profiles (and your own), each showing only what its person agreed to."""
    actor = actor_of(request)
    found = paginate(queries.profiles(actor, text=text), page.limit, page.offset)
    return {"count": found["count"], "items": [present.profile(p, actor) for p in found["items"]]}


@router.post("/talent/profiles", response={201: ProfileOut, **ERRORS}, **WRITE, **SPARSE)
def create_profile(request: HttpRequest, payload: ProfileIn) -> Any:
    """Create your profile (private until you consent); admins: someone else's."""
    data = payload.model_dump()
    username = data.pop("user")
    data["user"] = None
    if username:
        data["user"] = get_user_model().objects.filter(username=username).first()
        if data["user"] is None:
            raise ValidationFailed.single("user", f"no user {username!r}")
    data["organization"] = _org(data["organization"], "organization")
    data["region"] = _region(data["region"])
    actor = actor_of(request)
    row = actions.create_profile(actor=actor, **data)
    return Status(201, present.profile(row, actor, acting=True))


@router.get("/talent/profiles/{profile_id}", response={200: ProfileOut, 404: ErrorOut}, **SPARSE)
def get_profile(request: HttpRequest, profile_id: int) -> Any:
    """A published profile (or your own; admins any, to act on a person's request)."""
    actor = actor_of(request)
    return present.profile(queries.profile(actor, profile_id), actor, acting=True)


@router.post(
    "/talent/profiles/{profile_id}/consent", response={200: ProfileOut, **ERRORS}, **WRITE, **SPARSE
)
def consent(request: HttpRequest, profile_id: int, payload: ConsentIn) -> Any:
    """Publish your profile showing the parts listed (replaces an earlier consent)."""
    actor = actor_of(request)
    row = actions.give_consent(
        actor=actor, profile_id=profile_id, shown=payload.shown, basis=payload.basis
    )
    return present.profile(row, actor, acting=True)


@router.post(
    "/talent/profiles/{profile_id}/withdraw",
    response={200: ProfileOut, **ERRORS},
    **WRITE,
    **SPARSE,
)
def withdraw(request: HttpRequest, profile_id: int, payload: WithdrawIn) -> Any:
    """Withdraw consent: the profile is private again and leaves search."""
    actor = actor_of(request)
    row = actions.withdraw_consent(actor=actor, profile_id=profile_id, basis=payload.basis)
    return present.profile(row, actor, acting=True)


@router.post(
    "/talent/profiles/{profile_id}/moves", response={201: ProfileOut, **ERRORS}, **WRITE, **SPARSE
)
def add_move(request: HttpRequest, profile_id: int, payload: MoveIn) -> Any:
    """Record a move to another organisation and region."""
    actor = actor_of(request)
    to_region = _region(payload.to_region, "to_region")
    if to_region is None:
        raise ValidationFailed.single("to_region", "is required")
    move = actions.record_move(
        actor=actor,
        profile_id=profile_id,
        to_region=to_region,
        moved_on=payload.moved_on,
        to_organization=_org(payload.to_organization, "to_organization"),
        from_organization=_org(payload.from_organization, "from_organization"),
        from_region=_region(payload.from_region, "from_region"),
        basis=payload.basis,
    )
    return Status(201, present.profile(move.profile, actor, acting=True))


@router.get(
    "/talent/profiles/{profile_id}/availability",
    response={200: AvailabilityOut, 404: ErrorOut},
)
def get_availability(request: HttpRequest, profile_id: int) -> Any:
    """The expert's consultation calendar: the person's own, or a published profile's
    that shows ``availability`` (404 otherwise)."""
    actor = actor_of(request)
    row = queries.profile(actor, profile_id)
    if not (availability.may_see(row, actor) or is_platform_admin(actor)):
        raise NotFound(f"profile {profile_id} does not show its consultation hours")
    return availability.present(availability.stored(row))


@router.put(
    "/talent/profiles/{profile_id}/availability",
    response={200: AvailabilityOut, **ERRORS},
    **WRITE,
)
def put_availability(request: HttpRequest, profile_id: int, payload: AvailabilityIn) -> Any:
    """The person sets their consultation calendar (replacing the previous one)."""
    row = availability.set_availability(
        actor=actor_of(request),
        profile_id=profile_id,
        accepts_requests=payload.accepts_requests,
        zone=payload.zone,
        weekly=[w.dict() for w in payload.weekly],
        max_hours_day=payload.max_hours_day,
        max_hours_week=payload.max_hours_week,
        days_off=payload.days_off,
        basis=payload.basis,
    )
    return availability.present(row)


@router.get("/talent/demands", response={200: DemandPage, 422: ErrorOut})
def list_demands(request: HttpRequest, page: Query[Page], state: str = "") -> Any:
    """Open talent demands, and all of your organisations'."""
    found = paginate(queries.demands(actor_of(request), state=state), page.limit, page.offset)
    return {"count": found["count"], "items": [present.demand(d) for d in found["items"]]}


@router.post("/talent/demands", response={201: DemandOut, **ERRORS}, **WRITE)
def create_demand(request: HttpRequest, payload: DemandIn) -> Any:
    """Open a talent demand for your organisation."""
    data = payload.model_dump()
    org = _org(data.pop("organization"), "organization")
    if org is None:
        raise ValidationFailed.single("organization", "is required")
    data["region"] = _region(data["region"])
    row = actions.create_demand(actor=actor_of(request), organization=org, **data)
    return Status(201, present.demand(row))


@router.get(
    "/talent/demands/{code}/matches",
    response={200: list[MatchOut], 404: ErrorOut, 422: ErrorOut},
    **SPARSE,
)
def demand_matches(request: HttpRequest, code: str, k: int = 10) -> Any:
    """Published people ranked for a demand, after its region, mobility and language
    filters, with the matched words and the filters each passed."""
    if not 1 <= k <= 100:
        raise ValidationFailed.single("k", "must be 1-100")
    actor = actor_of(request)
    row = queries.demand(actor, code)
    return [present.match(m, actor) for m in queries.matches(row, k=k)]


@router.post("/talent/demands/{code}/{transition}", response={200: DemandOut, **ERRORS}, **WRITE)
def transition_demand(request: HttpRequest, code: str, transition: str) -> Any:
    """``fill``, ``close``, ``reopen`` or ``archive`` a talent demand."""
    row = actions.transition_demand(actor=actor_of(request), code=code, transition=transition)
    return present.demand(row)


@router.get("/talent/flows", response={200: FlowsOut, 422: ErrorOut})
def talent_flows(
    request: HttpRequest, start: dt.date | None = None, end: dt.date | None = None
) -> Any:
    """The province × province matrix of moves in ``[start, end]`` (default: the last
    five years), with inflow, outflow and net flow per province."""
    end = end or timezone.localdate()
    start = start or end.replace(year=end.year - 5)
    if start > end:
        raise ValidationFailed.single("start", "must not be after end")
    return flows.flows(start, end)


@router.post(
    "/talent/profiles/{profile_id}/consultations",
    response={201: ConsultationOut, **ERRORS},
    **WRITE,
)
def request_consultation(request: HttpRequest, profile_id: int, payload: ConsultationIn) -> Any:
    """Ask a published expert for hours of their time, for your organisation."""
    org = _org(payload.organization, "organization")
    if org is None:
        raise ValidationFailed.single("organization", "is required")
    row = consultations.request(
        actor=actor_of(request),
        profile_id=profile_id,
        organization=org,
        topic=payload.topic,
        wanted_on=payload.wanted_on,
        hours=payload.hours,
        starts_at=payload.starts_at,
    )
    return Status(201, present.consultation(row))


@router.get(
    "/talent/consultations", response={200: ConsultationPage, 401: ErrorOut, 422: ErrorOut}, **WRITE
)
def list_consultations(request: HttpRequest, page: Query[Page]) -> Any:
    """Consultations asked by your organisations or of you."""
    found = paginate(consultations.visible(actor_of(request)), page.limit, page.offset)
    return {"count": found["count"], "items": [present.consultation(c) for c in found["items"]]}


@router.post(
    "/talent/consultations/{consultation_id}/{transition}",
    response={200: ConsultationOut, **ERRORS},
    **WRITE,
)
def act_consultation(
    request: HttpRequest, consultation_id: int, transition: str, payload: ConsultationActIn
) -> Any:
    """``accept`` (with ``fee_fen``) or ``decline`` — the expert; ``complete``, ``bill``,
    ``pay`` or ``cancel`` — the requesting organisation."""
    row = consultations.transition(
        actor=actor_of(request),
        consultation_id=consultation_id,
        move=transition,
        fee_fen=payload.fee_fen,
        basis=payload.basis,
    )
    return present.consultation(row)
