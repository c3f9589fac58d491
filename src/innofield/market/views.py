"""Web pages of the market: browse, listing page with state and history, deal page,
the seller's and the buyer's views and the broker's queue. Every POST calls one action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.catalog.models import Item
from innofield.core.errors import InnofieldError, ValidationFailed, shown
from innofield.core.money import MoneyError, parse_yuan
from innofield.core.permissions import is_platform_admin, organization_ids

from . import actions, machine, parties, present, queries
from .forms import ListingForm
from .models import ContractType, TradeMode
from .views_xborder import deal_context


def _run(request: HttpRequest, done: str, fn: Callable[[], Any]) -> None:
    try:
        fn()
    except InnofieldError as exc:
        messages.error(request, shown(exc))
    else:
        messages.success(request, done)


def browse(request: HttpRequest) -> HttpResponse:
    """Public listings with filters by state and trade mode."""
    f = {k: request.GET.get(k) or None for k in ("state", "mode", "q")}
    try:
        qs = queries.listings(request.user, state=f["state"], mode=f["mode"], text=f["q"])
    except ValidationFailed as exc:
        messages.error(request, shown(exc))
        qs = queries.listings(request.user)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "market/browse.html",
        {
            "page": page,
            "filters": f,
            "states": machine.states("listing"),
            "modes": TradeMode.choices,
        },
    )


def listing_detail(request: HttpRequest, listing_id: int) -> HttpResponse:
    """One listing: state, allowed transitions, co-owners, objections, bids, deals, history."""
    try:
        listing = queries.listing(request.user, listing_id)
    except InnofieldError:
        raise Http404(listing_id) from None
    ids = organization_ids(request.user, "view")
    names = parties.takes_part(request.user, listing)
    manages = (
        is_platform_admin(request.user) or listing.seller_id in ids or listing.broker_id in ids
    )
    return render(
        request,
        "market/listing_detail.html",
        {
            "listing": listing,
            "owners": listing.owners.select_related("organization"),
            "allowed": machine.allowed("listing", listing.state),
            "manages": manages,
            "objections": listing.objections.select_related("organization"),
            "bids": queries.bids(request.user, listing),
            "deals": queries.deals(request.user).filter(listing=listing),
            "history": [
                present.step(r, show_actor=names) for r in queries.history(listing, request.user)
            ],
            "my_orgs": _my_orgs(request),
        },
    )


def _my_orgs(request: HttpRequest) -> Any:
    from innofield.registry.models import Organization

    return Organization.objects.filter(pk__in=organization_ids(request.user, "create"))


@login_required
def listing_create(request: HttpRequest) -> HttpResponse:
    """Draft a listing of one of your technology items."""
    items = Item.objects.filter(kind="technology", status="active").select_related("owner")
    if not is_platform_admin(request.user):
        items = items.filter(owner__in=organization_ids(request.user, "manage"))
    form = ListingForm(request.POST or None, items=items[:500])
    if request.method == "POST" and form.is_valid():
        try:
            listing = actions.create_listing(actor=request.user, data=form.to_input())
        except ValidationFailed as exc:
            for e in exc.errors:  # next to its field, named by the field's label
                name = form.field_for(e.field)
                if name is None:
                    form.add_error(None, shown(ValidationFailed([e])))
                else:
                    form.add_error(name, f"{form.fields[name].label}: {e.reason}")
        except InnofieldError as exc:
            form.add_error(None, shown(exc))
        else:
            messages.success(request, _("Listing drafted."))
            return redirect("market-listing", listing_id=listing.pk)
    return render(request, "market/listing_form.html", {"form": form, "title": _("New listing")})


def _amount(request: HttpRequest, name: str) -> int:
    """A yuan amount from the page (``1,200.50``, ``¥1200``) as fen: finite, at most two
    decimals, within the platform's cap (core.money.parse_yuan); else a refusal naming it."""
    try:
        return parse_yuan(request.POST.get(name, ""))
    except MoneyError as exc:
        raise ValidationFailed.single(name, str(exc)) from None


def _id(request: HttpRequest, name: str) -> int:
    """A record id from the page: digits, else a refusal naming the field (never a 500)."""
    raw = request.POST.get(name, "").strip()
    if not raw.isdigit() or len(raw) > 18:
        raise ValidationFailed.single(
            name, _("must be the number of a record, not %(text)s") % {"text": repr(raw[:20])}
        )
    return int(raw)


@login_required
@require_POST
def listing_act(request: HttpRequest, listing_id: int) -> HttpResponse:
    """One listing step from the listing page: publish, withdraw, relist, bidding, bids,
    inquiries and objections."""
    act, p, user = request.POST.get("act", ""), request.POST, request.user
    steps: dict[str, tuple[str, Callable[[], Any]]] = {
        "publish": (
            _("Published."),
            lambda: actions.publish_listing(actor=user, listing_id=listing_id),
        ),
        "withdraw": (
            _("Withdrawn."),
            lambda: actions.withdraw_listing(
                actor=user, listing_id=listing_id, reason=p.get("reason", "")
            ),
        ),
        "relist": (_("Relisted."), lambda: actions.relist(actor=user, listing_id=listing_id)),
        "open_bidding": (
            _("Bidding opened."),
            lambda: actions.open_bidding(actor=user, listing_id=listing_id),
        ),
        "close_bidding": (
            _("Bidding closed."),
            lambda: actions.close_bidding(
                actor=user,
                listing_id=listing_id,
                winner_bid_id=_id(request, "winner") if p.get("winner") else None,
                reason=p.get("reason", ""),
            ),
        ),
        "bid": (
            _("Bid placed."),
            lambda: actions.place_bid(
                actor=user,
                listing_id=listing_id,
                bidder_code=p.get("organization", ""),
                amount_fen=_amount(request, "amount"),
                proposal=p.get("proposal", ""),
            ),
        ),
        "inquire": (
            _("Inquiry sent."),
            lambda: actions.make_inquiry(
                actor=user,
                listing_id=listing_id,
                buyer_code=p.get("organization", ""),
                message=p.get("message", ""),
            ),
        ),
        "object": (
            _("Objection recorded."),
            lambda: actions.raise_objection(
                actor=user,
                listing_id=listing_id,
                reason=p.get("reason", ""),
                organization_code=p.get("organization") or None,
            ),
        ),
        "dismiss": (
            _("Objection dismissed."),
            lambda: actions.resolve_objection(
                actor=user,
                objection_id=_id(request, "objection"),
                outcome="dismiss",
                resolution=p.get("resolution", ""),
            ),
        ),
        "uphold": (
            _("Objection upheld."),
            lambda: actions.resolve_objection(
                actor=user,
                objection_id=_id(request, "objection"),
                outcome="uphold",
                resolution=p.get("resolution", ""),
            ),
        ),
    }
    if act not in steps:
        messages.error(request, _("Unknown step."))
    else:
        _run(request, *steps[act])
    return redirect("market-listing", listing_id=listing_id)


def deal_detail(request: HttpRequest, deal_id: int, xb_form: Any = None) -> HttpResponse:
    """One deal with its contract, registration, milestones, cross-border terms and the
    steps the viewer may take (``xb_form``: a cross-border form with errors to show again)."""
    try:
        deal = queries.deal(request.user, deal_id)
    except InnofieldError:
        raise Http404(deal_id) from None
    roles = parties.deal_parties(request.user, deal, "view")
    mine = [
        t
        for t in machine.allowed("deal", deal.state)
        if is_platform_admin(request.user) or roles & machine.DEAL_PARTIES.get(t, frozenset())
    ]
    return render(
        request,
        "market/deal_detail.html",
        {
            "deal": deal,
            "roles": sorted(roles),
            "transitions": mine,
            "milestones": deal.milestones.order_by("seq"),
            "contract_types": ContractType.choices,
            **deal_context(request, deal, xb_form),
        },
    )


@login_required
@require_POST
def deal_act(request: HttpRequest, deal_id: int) -> HttpResponse:
    """A deal or milestone step from the deal page."""
    p, user, act = request.POST, request.user, request.POST.get("act", "")
    if act == "milestone":
        _run(
            request,
            _("Milestone planned."),
            lambda: actions.plan_milestone(
                actor=user,
                deal_id=deal_id,
                title=p.get("title", ""),
                amount_fen=_amount(request, "amount"),
            ),
        )
    elif act in ("fall_due", "pay", "cancel"):
        _run(
            request,
            _("Milestone updated."),
            lambda: actions.transition_milestone(
                actor=user, milestone_id=_id(request, "milestone"), transition=act
            ),
        )
    else:
        data: dict[str, Any] = {
            k: p[k] for k in ("contract_type", "terms", "technology_field", "note") if p.get(k)
        }
        if p.get("price"):
            try:
                data["price_fen"] = _amount(request, "price")
            except ValidationFailed as exc:
                messages.error(request, shown(exc))
                return redirect("market-deal", deal_id=deal_id)
        _run(
            request,
            _("Deal updated."),
            lambda: actions.transition_deal(actor=user, deal_id=deal_id, transition=act, data=data),
        )
    return redirect("market-deal", deal_id=deal_id)
