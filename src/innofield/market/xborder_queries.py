"""Reads of cross-border contracts: parties see their deals' contracts, government
officers (reviewers) and platform admins see all of them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from innofield.core.errors import NotFound, ValidationFailed
from innofield.core.permissions import Actor, is_platform_admin

from . import machine, parties
from .models import CrossBorderContract, Direction
from .xborder_actions import is_reviewer


def contracts(
    actor: Actor, *, state: str | None = None, direction: str | None = None
) -> QuerySet[CrossBorderContract]:
    """The contracts the actor may see, filtered by state and direction."""
    qs = CrossBorderContract.objects.select_related(
        "deal", "deal__listing", "deal__listing__seller", "deal__buyer"
    ).order_by("-id")
    if not (is_platform_admin(actor) or is_reviewer(actor)):
        qs = qs.filter(deal__in=parties.visible_deals(actor).values("pk"))
    if state:
        if state not in machine.states("cross_border"):
            raise ValidationFailed.single(
                "state",
                _("must be one of %(values)s")
                % {"values": ", ".join(_(s) for s in machine.states("cross_border"))},
            )
        qs = qs.filter(state=state)
    if direction:
        if direction not in Direction.values:
            raise ValidationFailed.single("direction", _("must be import or export"))
        qs = qs.filter(direction=direction)
    return qs


def contract(actor: Actor, contract_id: int) -> CrossBorderContract:
    """One contract the actor may see, or NotFound."""
    row = contracts(actor).filter(pk=contract_id).first()
    if row is None:
        raise NotFound(_("no cross-border contract with id %(id)s") % {"id": contract_id})
    return row
