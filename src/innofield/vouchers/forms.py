"""Forms of the voucher pages; they only collect input, the actions decide."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.core.money import YuanField, format_yuan

from .evidence import Candidate
from .rules import MODES


class GrantForm(forms.Form):
    """Grant a voucher to a firm (programme officers)."""

    firm = forms.CharField(label=_("Firm code"), max_length=40)
    amount = YuanField(label=_("Amount"), min_fen=1)
    key = forms.CharField(widget=forms.HiddenInput, initial=lambda: uuid.uuid4().hex)


class RedeemForm(forms.Form):
    """Redeem a grant against a delivery the platform holds: one of the firm's completed
    bookings or paid contract milestones. The price is the delivery's, or less."""

    evidence = forms.ChoiceField(label=_("Delivery"))
    price = YuanField(
        label=_("Amount to claim"),
        required=False,
        min_fen=1,
        help_text=_("empty: the full charge of the delivery"),
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=[(m, _(m)) for m in MODES])
    key = forms.CharField(widget=forms.HiddenInput, initial=lambda: uuid.uuid4().hex)

    def __init__(self, *args: Any, deliveries: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deliveries = {c.evidence: c for c in deliveries}
        field = self.fields["evidence"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (c.evidence, f"{c.label} · {format_yuan(c.value_fen)}") for c in deliveries
        ]


class ClawbackForm(forms.Form):
    """Claw back a redemption (programme officers)."""

    reason = forms.CharField(label=_("Reason"), max_length=500)
