"""Forms of the market pages. They only collect input; the actions validate it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.core.countries import country_choices, currency_choices

from .models import ContractType, CrossBorderType, Direction, PaymentMethod, TradeMode


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

    def field_for(self, name: str) -> str | None:
        """The form field that shows an action's error on ``name`` (None: the whole form)."""
        name = "owners" if name.startswith("owners") else name.removesuffix("_fen")
        return name if name in self.fields else None


class CrossBorderForm(forms.Form):
    """The cross-border terms of a deal (technology import or export). Only collects
    input: :func:`actions.file_cross_border` checks it and converts the amount to fen."""

    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    counterpart_name = forms.CharField(label=_("Counterpart abroad"), max_length=300)
    counterpart_country = forms.ChoiceField(label=_("Counterpart's country"), choices=[])
    contract_category = forms.ChoiceField(
        label=_("Contract category"), choices=CrossBorderType.choices
    )
    technology_category = forms.CharField(
        label=_("Technology category code"),
        max_length=7,
        help_text=_("e.g. 083915X; catalogue codes end in J (prohibited) or X (restricted)"),
    )
    currency = forms.ChoiceField(label=_("Contract currency"), choices=[], initial="USD")
    amount = forms.CharField(label=_("Amount in the contract currency"), max_length=30)
    rate_cny_per_unit = forms.CharField(
        label=_("Rate (CNY per unit of the currency)"), max_length=30
    )
    rate_date = forms.CharField(
        label=_("Date of the rate"), widget=forms.DateInput(attrs={"type": "date"})
    )
    contract_no = forms.CharField(label=_("Contract number"), max_length=60)
    signed_on = forms.CharField(
        label=_("Signing date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.CharField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    payment_method = forms.ChoiceField(label=_("Payment method"), choices=PaymentMethod.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = [("", "—"), *country_choices(include_home=False)]
        self.fields["counterpart_country"].choices = countries  # type: ignore[attr-defined]
        self.fields["currency"].choices = currency_choices()  # type: ignore[attr-defined]

    def field_for(self, name: str) -> str | None:
        """The form field that shows an action's error on ``name`` (None: the whole form)."""
        name = {"amount_minor": "amount"}.get(name, name)
        return name if name in self.fields else None
