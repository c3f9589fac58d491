"""Checking listing input against the registry and catalog; returns model values.

Raises :class:`ValidationFailed` naming each bad field. Used by the listing
actions only; the API and forms pass plain dicts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from innofield.catalog.models import Item
from innofield.catalog.queries import ownership
from innofield.core.errors import FieldError, ValidationFailed
from innofield.core.money import format_yuan
from innofield.registry.models import Organization

from . import auction, shares
from .models import ContractType, TradeMode

MAX_NOTICE_DAYS = 90


def organization(code: Any, field: str) -> Organization:
    """The organization with ``code`` or a validation error naming ``field``."""
    org = Organization.objects.filter(code=code).first() if isinstance(code, str) else None
    if org is None:
        raise ValidationFailed.single(
            field, _("no organization with code %(code)s") % {"code": repr(code)}
        )
    return org


def broker(code: Any, field: str = "broker") -> Organization | None:
    """The broker organization (a service agency), or ``None`` when no code is given."""
    if code in (None, ""):
        return None
    org = organization(code, field)
    if org.type != Organization.Type.SERVICE_AGENCY:
        raise ValidationFailed.single(
            field,
            _("%(org)s is a %(type)s, not a service agency")
            % {"org": org.code, "type": org.get_type_display()},
        )
    return org


def _money(
    data: dict[str, Any], name: str, errors: list[FieldError], required: bool = False
) -> int | None:
    value = data.get(name)
    if value is None:
        if required:
            errors.append(FieldError(name, _("is required for this trade mode")))
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= shares.MAX_FEN:
        errors.append(
            FieldError(
                name,
                _("must be an amount from %(low)s to %(high)s")
                % {"low": format_yuan(0), "high": format_yuan(shares.MAX_FEN)},
            )
        )
        return None
    return value


def listed_item(item_id: Any) -> Item:
    """The catalog item a listing offers, or a validation error naming ``item``."""
    if not isinstance(item_id, int) or isinstance(item_id, bool):
        raise ValidationFailed.single("item", _("give the id of a catalog item"))
    item = Item.objects.select_related("owner").filter(pk=item_id).first()
    if item is None:
        raise ValidationFailed.single("item", _("no catalog item with id %(id)s") % {"id": item_id})
    return item


def _describe(owners: list[tuple[Organization, Decimal]]) -> str:
    return ", ".join(f"{org.code} {share.normalize()}" for org, share in owners)


def _check_requested_owners(
    requested: Any, recorded: list[tuple[Organization, Decimal]]
) -> list[FieldError]:
    """Owners sent with a listing may only repeat the item's recorded ownership."""
    if not requested:
        return []
    try:
        parsed = shares.validate_shares(
            [(o.get("organization"), o.get("share")) for o in requested]
        )
    except shares.ShareError as exc:
        return [FieldError(exc.field, exc.reason)]
    if sorted(parsed) != sorted((org.code, share) for org, share in recorded):
        return [
            FieldError(
                "owners",
                _(
                    "the owners and shares of a listing come from the catalog item's recorded "
                    "ownership (%(owners)s); change the item's co_owners to change them"
                )
                % {"owners": _describe(recorded)},
            )
        ]
    return []


def clean_listing(data: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[Organization, Any]]]:
    """Model values for a new listing and its co-owners ``[(organization, Decimal share)]``.

    Owners and shares are the item's recorded ownership (:func:`catalog.queries.ownership`);
    ``owners`` in ``data``, if given, must repeat it exactly.
    """
    errors: list[FieldError] = []
    item = listed_item(data.get("item"))
    if item.kind != "technology":
        errors.append(
            FieldError(
                "item",
                _("only technology items can be listed, item %(id)s is a %(kind)s")
                % {"id": item.pk, "kind": _(item.kind)},
            )
        )
    if item.status != Item.Status.ACTIVE:
        errors.append(
            FieldError(
                "item",
                _("item %(id)s is %(status)s, not active")
                % {"id": item.pk, "status": _(item.status)},
            )
        )
    owners = ownership(item)
    errors += _check_requested_owners(data.get("owners"), owners)
    mode = data.get("mode", TradeMode.AGREEMENT)
    if mode not in TradeMode.values:
        raise ValidationFailed.single(
            "mode", _("must be one of %(values)s") % {"values": ", ".join(TradeMode.values)}
        )
    types = data.get("contract_types") or [ContractType.TRANSFER, ContractType.LICENSE]
    for t in types:
        if t not in ContractType.values:
            errors.append(
                FieldError(
                    "contract_types",
                    _("unknown type %(type)s; use %(values)s")
                    % {"type": repr(t), "values": ", ".join(ContractType.values)},
                )
            )
    notice_days = data.get("notice_days", 15 if mode == TradeMode.LISTING else 0)
    if not isinstance(notice_days, int) or not 0 <= notice_days <= MAX_NOTICE_DAYS:
        errors.append(
            FieldError(
                "notice_days",
                _("must be a whole number of days from 0 to %(most)s") % {"most": MAX_NOTICE_DAYS},
            )
        )
    elif mode == TradeMode.LISTING and notice_days < 1:
        errors.append(
            FieldError(
                "notice_days",
                _("a listing with public notice needs a notice period of at least 1 day"),
            )
        )
    values: dict[str, Any] = {
        "item": item,
        "seller": owners[0][0],
        "broker": broker(data.get("broker")),
        "mode": mode,
        "title": (data.get("title") or item.title)[:300],
        "description": data.get("description") or "",
        "contract_types": list(types),
        "notice_days": notice_days,
        "technology_field": data.get("technology_field")
        or (item.classification[0] if item.classification else ""),
        "asking_price_fen": _money(
            data, "asking_price_fen", errors, required=mode == TradeMode.LISTING
        ),
        "synthetic": bool(data.get("synthetic", False)),
    }
    if mode in (TradeMode.AUCTION, TradeMode.TENDER):
        kind = data.get("auction_kind") or (
            auction.ASCENDING if mode == TradeMode.AUCTION else "tender"
        )
        if mode == TradeMode.AUCTION and kind not in auction.AUCTION_KINDS:
            errors.append(
                FieldError(
                    "auction_kind",
                    _("must be one of %(values)s") % {"values": ", ".join(auction.AUCTION_KINDS)},
                )
            )
        values["auction_kind"] = kind if mode == TradeMode.AUCTION else "tender"
        for name in ("start_fen", "reserve_fen", "increment_fen"):
            values[name] = _money(data, name, errors) or 0
        if (
            mode == TradeMode.AUCTION
            and values["auction_kind"] == auction.ASCENDING
            and values["increment_fen"] < 1
        ):
            errors.append(
                FieldError(
                    "increment_fen", _("an ascending auction needs a positive bid increment")
                )
            )
    if errors:
        raise ValidationFailed(errors)
    return values, owners
