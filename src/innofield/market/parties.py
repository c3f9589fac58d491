"""Who may see and act on market records, built on :mod:`innofield.core.permissions`.

A listing belongs to its seller (the lead co-owner); its co-owners and its broker
may see it too, and the broker may act on it. A deal has three parties — the
seller, the buyer and the broker — and :data:`machine.DEAL_PARTIES` says which of
them may fire each transition. Platform admins may do everything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from innofield.catalog.models import Item
from innofield.core.errors import NotAuthenticated, PermissionDenied
from innofield.core.permissions import (
    ROLES_FOR,
    Actor,
    is_platform_admin,
    organization_ids,
    restrict,
)

from . import machine
from .models import Deal, Listing

#: Transitions that need a manager's (or admin's) role rather than any membership.
MANAGER_TRANSITIONS = frozenset({"sign", "agree", "register", "terminate"})


def _action(transition: str) -> str:
    return "manage" if transition in MANAGER_TRANSITIONS else "change"


def visible_listings(actor: Actor) -> QuerySet[Listing]:
    """Listings the actor may see: public ones and those their organizations take part in."""
    qs = Listing.objects.select_related("item", "seller", "broker", "seller__region")
    if is_platform_admin(actor):
        return qs
    ids = organization_ids(actor, "view")
    mine = Q(seller__in=ids) | Q(broker__in=ids) | Q(owners__organization__in=ids)
    return qs.filter(
        Q(pk__in=restrict(Listing.objects.all(), actor).values("pk")) | mine
    ).distinct()


def visible_deals(actor: Actor) -> QuerySet[Deal]:
    """Deals in which an organization of the actor is seller, buyer or broker."""
    qs = Deal.objects.select_related("listing", "listing__seller", "buyer", "broker")
    if is_platform_admin(actor):
        return qs
    ids = organization_ids(actor, "view")
    return qs.filter(
        Q(listing__seller__in=ids)
        | Q(buyer__in=ids)
        | Q(broker__in=ids)
        | Q(listing__broker__in=ids)
    )


def takes_part(actor: Actor, listing: Listing) -> bool:
    """True if the actor acts for the listing's seller, a co-owner or its broker (or is an
    admin): they see who did what; everyone else sees the public steps without usernames."""
    if is_platform_admin(actor):
        return True
    ids = set(organization_ids(actor, "view"))
    if not ids:
        return False
    if listing.seller_id in ids or (listing.broker_id and listing.broker_id in ids):
        return True
    return listing.owners.filter(organization__in=ids).exists()


def deal_parties(actor: Actor, deal: Deal, action: str = "change") -> set[str]:
    """The parties (seller, buyer, broker) the actor acts for in ``deal`` for ``action``."""
    ids = set(organization_ids(actor, action))
    roles = set()
    if deal.listing.seller_id in ids:
        roles.add(machine.SELLER)
    if deal.buyer_id in ids:
        roles.add(machine.BUYER)
    if (deal.broker_id and deal.broker_id in ids) or (
        deal.listing.broker_id and deal.listing.broker_id in ids
    ):
        roles.add(machine.BROKER)
    return roles


def require_deal_party(actor: Actor, deal: Deal, transition: str) -> None:
    """Raise :class:`PermissionDenied` unless the actor may fire ``transition`` on ``deal``."""
    if is_platform_admin(actor):
        return
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(_("you must log in to %(step)s a deal") % {"step": _(transition)})
    needed = machine.DEAL_PARTIES[transition]
    if deal_parties(actor, deal, _action(transition)) & needed:
        return
    who = _(" or ").join(_(party) for party in sorted(needed))
    if _action(transition) == "manage":
        reason = _("only a manager of the deal's %(parties)s may %(step)s this deal")
    else:
        reason = _("only a member of the deal's %(parties)s may %(step)s this deal")
    raise PermissionDenied(reason % {"parties": who, "step": _(transition)})


def require_listing_manager(actor: Actor, listing: Listing, what: str) -> None:
    """Raise unless the actor acts for the listing's seller or broker (or is a platform admin)."""
    if is_platform_admin(actor):
        return
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(_("you must log in to %(what)s") % {"what": what})
    ids = set(organization_ids(actor, "change"))
    if listing.seller_id in ids or (listing.broker_id and listing.broker_id in ids):
        return
    raise PermissionDenied(
        _("only members of the seller %(seller)s or the listing's broker may %(what)s")
        % {"seller": listing.seller.code, "what": what}
    )


def require_item_manager(actor: Actor, item: Item) -> None:
    """Raise unless the actor manages the item's owner (role allowing ``manage``) or is an admin.

    Only an owner may offer its property on the market: members of other organizations,
    and members of the owner without a manager's role, are refused naming this rule.
    """
    if is_platform_admin(actor):
        return
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(_("you must log in to list a technology"))
    if item.owner_id in organization_ids(actor, "manage"):
        return
    raise PermissionDenied(
        _(
            "only managers of the item's owner %(owner)s (roles: %(roles)s) may list item "
            "%(item)s on the market"
        )
        % {
            "owner": item.owner.code,
            "roles": ", ".join(_(role) for role in ROLES_FOR["manage"]),
            "item": item.pk,
        }
    )


def require_objection_judge(actor: Actor, listing: Listing) -> None:
    """Objections are resolved by the listing's broker or a platform admin, not the seller."""
    if is_platform_admin(actor):
        return
    ids = set(organization_ids(actor, "change"))
    if listing.broker_id and listing.broker_id in ids:
        return
    raise PermissionDenied(
        _("only the listing's broker or a platform admin may resolve an objection")
    )
