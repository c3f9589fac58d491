"""Delivery evidence that the platform can check, and what it is worth.

A redemption names its evidence as ``<kind>:<id>``. Each kind has a checker that finds
the record, verifies that the provider delivered it to the firm, and returns its value
in fen — the most a redemption against it may claim:

* ``booking:<id>`` — an instrument booking that is ``completed`` (checked in and out),
  made by the firm, on an instrument the provider owns; worth its charge;
* ``milestone:<id>`` — a technology-contract milestone that is ``paid``, in a deal whose
  buyer is the firm and whose listing the provider sells; worth its amount.

Anything else (free text such as ``usage:…``) is refused: money is released only against
records the platform holds. Other apps register further kinds with :func:`register`
(metered computing usage ``computing:<id>``, expert consultations ``consultation:<id>``).

A kind's *settler* records a redemption's money on the bill it pays; its *unsettler* puts
a clawed-back ``direct`` share back on that bill. A milestone is evidence only once the
buyer paid it in full, so it takes ``reimburse`` redemptions only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from innofield.core.errors import ValidationFailed


class Unproven(Exception):
    """The evidence does not prove a delivery by the provider to the firm; says why."""


@dataclass(frozen=True)
class Proof:
    """A checked delivery: what it is worth (fen) and how to name it."""

    value_fen: int
    description: str


Checker = Callable[[str, int, int], Proof]
#: ``settle(ref, *, actor, mode, subsidy_fen, transfers)``: told of a redemption's money.
Settler = Callable[..., None]
#: ``unsettle(ref, *, actor, mode, subsidy_fen, transfers)``: told of a clawback.
Unsettler = Callable[..., None]
KINDS: dict[str, Checker] = {}
SETTLERS: dict[str, Settler] = {}
UNSETTLERS: dict[str, Unsettler] = {}


def register(
    kind: str,
    checker: Checker,
    settle: Settler | None = None,
    unsettle: Unsettler | None = None,
) -> None:
    """Let redemptions use ``<kind>:<ref>`` evidence checked by ``checker(ref, firm_id,
    provider_id)``, which returns a :class:`Proof` or raises :class:`Unproven`.

    ``settle``, if given, is told of each redemption's money inside its transaction (to
    record it against the bill it pays); it may refuse with ``ValidationFailed``.
    ``unsettle``, if given, is told of a clawback inside its transaction (the
    redemption's ``transfers``): in ``direct`` mode it puts the clawed-back share back on
    the bill as due by the firm."""
    KINDS[kind] = checker
    if settle is not None:
        SETTLERS[kind] = settle
    if unsettle is not None:
        UNSETTLERS[kind] = unsettle


def settled(evidence: str, **money: Any) -> None:
    """Tell the evidence kind's settler (if any) of a redemption's money."""
    kind, _sep, ref = evidence.partition(":")
    settler = SETTLERS.get(kind)
    if settler is not None:
        settler(ref, **money)


def clawed_back(evidence: str, **money: Any) -> None:
    """Tell the evidence kind's unsettler (if any) that a redemption was clawed back."""
    kind, _sep, ref = evidence.partition(":")
    unsettler = UNSETTLERS.get(kind)
    if unsettler is not None:
        unsettler(ref, **money)


def _row(label: str, ref: str, related: list[str]) -> object:
    model = apps.get_model(label)
    row = (
        model._default_manager.select_related(*related).filter(pk=int(ref)).first()
        if ref.isdigit()
        else None
    )
    if row is None:
        raise Unproven(
            _("there is no %(what)s %(id)s") % {"what": _(str(model._meta.verbose_name)), "id": ref}
        )
    return row


def booking(ref: str, firm_id: int, provider_id: int) -> Proof:
    """A completed booking of the firm at the provider's instrument, worth its charge."""
    b = _row("booking.Booking", ref, ["instrument"])
    if b.status != "completed":  # type: ignore[attr-defined]
        raise Unproven(
            _("booking %(id)s is %(status)s, not completed") % {"id": ref, "status": _(b.status)}  # type: ignore[attr-defined]
        )
    if b.organization_id != firm_id or b.instrument.owner_id != provider_id:  # type: ignore[attr-defined]
        raise Unproven(
            _("booking %(id)s is not this firm's booking at this provider") % {"id": ref}
        )
    value = int(b.charge_fen)  # type: ignore[attr-defined]
    if value <= 0:
        raise Unproven(_("booking %(id)s was not charged anything") % {"id": ref})
    return Proof(value, _("booking %(id)s") % {"id": ref})


def milestone(ref: str, firm_id: int, provider_id: int) -> Proof:
    """A paid milestone of a contract between the firm (buyer) and the provider (seller)."""
    m = _row("market.Milestone", ref, ["deal__listing"])
    if m.state != "paid":  # type: ignore[attr-defined]
        raise Unproven(
            _("milestone %(id)s is %(state)s, not paid") % {"id": ref, "state": _(m.state)}  # type: ignore[attr-defined]
        )
    deal = m.deal  # type: ignore[attr-defined]
    if deal.buyer_id != firm_id or deal.listing.seller_id != provider_id:
        raise Unproven(
            _("milestone %(id)s is not of a contract between this firm and provider") % {"id": ref}
        )
    return Proof(int(m.amount_fen), _("milestone %(id)s") % {"id": ref})  # type: ignore[attr-defined]


def booking_settled(ref: str, **money: Any) -> None:
    """A redemption against a booking pays (part of) its invoice, or needs it paid."""
    from innofield.booking import invoicing

    invoicing.voucher_paid(booking_id=int(ref), **money)


def booking_clawed_back(ref: str, **money: Any) -> None:
    """A clawed-back ``direct`` redemption against a booking leaves its share due again."""
    from innofield.booking import invoicing

    invoicing.voucher_clawed_back(booking_id=int(ref), **money)


def milestone_settled(ref: str, *, mode: str, **_money: Any) -> None:
    """A paid milestone was paid in full by the buyer: a voucher can only reimburse it."""
    if mode == "direct":
        raise ValidationFailed.single(
            "mode",
            _(
                "the firm paid milestone %(id)s in full; a voucher can only reimburse the "
                "firm for it (mode reimburse)"
            )
            % {"id": ref},
        )


register("booking", booking, booking_settled, booking_clawed_back)
register("milestone", milestone, milestone_settled)


def prove(evidence: str, *, firm_id: int, provider_id: int) -> Proof:
    """Check ``evidence``; raise :class:`Unproven` naming why it does not count."""
    kind, sep, ref = (evidence or "").partition(":")
    checker = KINDS.get(kind) if sep else None
    if checker is None:
        kinds = ", ".join(f"{k}:<id>" for k in KINDS)
        raise Unproven(
            _("%(evidence)r is not evidence the platform can check; give %(kinds)s")
            % {"evidence": evidence, "kinds": kinds}
        )
    return checker(ref, firm_id, provider_id)


@dataclass(frozen=True)
class Candidate:
    """A piece of evidence a firm could redeem a voucher against."""

    evidence: str
    label: str
    value_fen: int
    provider_id: int
    service_kind: str


CandidateSource = Callable[[int, int], list[Candidate]]
#: Other apps' sources of candidates: ``fn(firm_id, limit)`` (see :func:`register_candidates`).
SOURCES: list[CandidateSource] = []


def register_candidates(source: CandidateSource) -> None:
    """Offer the firm's records of another evidence kind in the redeem form."""
    if source not in SOURCES:
        SOURCES.append(source)


def candidates(firm_id: int, used: set[str], limit: int = 100) -> list[Candidate]:
    """The firm's completed bookings, paid milestones and the registered sources' records
    (e.g. settled computing usage) not yet used, newest first."""
    out: list[Candidate] = []
    bookings = (
        apps.get_model("booking.Booking")
        ._default_manager.filter(organization_id=firm_id, status="completed", charge_fen__gt=0)
        .select_related("instrument__owner")
        .order_by("-start")[:limit]
    )
    for b in bookings:
        ev = f"booking:{b.pk}"
        if ev not in used:
            out.append(
                Candidate(
                    ev,
                    f"{b.instrument.title[:60]} · {b.start:%Y-%m-%d} · {b.instrument.owner.code}",
                    int(b.charge_fen),
                    b.instrument.owner_id,
                    "instrument",
                )
            )
    milestones = (
        apps.get_model("market.Milestone")
        ._default_manager.filter(deal__buyer_id=firm_id, state="paid")
        .select_related("deal__listing__seller")
        .order_by("-id")[:limit]
    )
    for m in milestones:
        ev = f"milestone:{m.pk}"
        if ev not in used:
            listing = m.deal.listing
            out.append(
                Candidate(
                    ev,
                    f"{listing.title[:60]} · {m.title[:40]} · {listing.seller.code}",
                    int(m.amount_fen),
                    listing.seller_id,
                    "technology",
                )
            )
    for source in SOURCES:
        out.extend(c for c in source(firm_id, limit) if c.evidence not in used)
    return out
