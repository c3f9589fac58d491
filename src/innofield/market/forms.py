"""Forms of the market pages. They only collect input; the actions validate it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContractType, TradeMode


def fen(value: Decimal | None) -> int | None:
    """A yuan amount from a form as whole fen."""
    return None if value is None else int((value * 100).to_integral_value())


class ListingForm(forms.Form):
    """Draft a listing of one of your technology items."""

    item = forms.TypedChoiceField(label=_("Technology"), coerce=int, choices=[])
    mode = forms.ChoiceField(label=_("Trade mode"), choices=TradeMode.choices)
    owners = forms.CharField(
        label=_("Co-owners and shares (CODE:share, …; shares sum to 1)"),
        required=False,
        help_text=_("empty: as the catalog item records its ownership; if given, it must match"),
    )
    broker = forms.CharField(label=_("Broker (service agency code)"), required=False)
    contract_types = forms.MultipleChoiceField(
        label=_("Contract types"),
        choices=ContractType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    asking_price = forms.DecimalField(label=_("Listed price (CNY)"), required=False, min_value=0)
    notice_days = forms.IntegerField(label=_("Public-notice days"), required=False, min_value=0)
    auction_kind = forms.ChoiceField(
        label=_("Auction kind"),
        required=False,
        choices=[("", "—"), ("ascending", _("ascending")), ("sealed", _("sealed bid"))],
    )
    start = forms.DecimalField(label=_("Starting price (CNY)"), required=False, min_value=0)
    reserve = forms.DecimalField(label=_("Reserve price (CNY)"), required=False, min_value=0)
    increment = forms.DecimalField(label=_("Bid increment (CNY)"), required=False, min_value=0)
    technology_field = forms.CharField(label=_("Technology field"), required=False, max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, items: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.pk, f"{i.title[:80]} ({i.owner.code})") for i in items]  # type: ignore[attr-defined]

    def to_input(self) -> dict[str, Any]:
        """The form data as input of :func:`actions.create_listing`."""
        d = self.cleaned_data
        owners = []
        for part in (d.get("owners") or "").split(","):
            if part.strip():
                code, _sep, share = part.strip().partition(":")
                owners.append({"organization": code.strip(), "share": share.strip()})
        data: dict[str, Any] = {
            "item": d["item"],
            "mode": d["mode"],
            "owners": owners,
            "broker": d.get("broker") or None,
            "contract_types": d.get("contract_types") or [],
            "asking_price_fen": fen(d.get("asking_price")),
            "notice_days": d.get("notice_days"),
            "auction_kind": d.get("auction_kind") or None,
            "start_fen": fen(d.get("start")),
            "reserve_fen": fen(d.get("reserve")),
            "increment_fen": fen(d.get("increment")),
            "technology_field": d.get("technology_field") or "",
            "description": d.get("description") or "",
        }
        return {k: v for k, v in data.items() if v is not None and v != []}
