"""Forms of the voucher pages; they only collect input, the actions decide."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.core.money import YuanField

from .rules import MODES


class GrantForm(forms.Form):
    """Grant a voucher to a firm (programme officers)."""

    firm = forms.CharField(label=_("Firm code"), max_length=40)
    amount = YuanField(label=_("Amount"), min_fen=1)
    key = forms.CharField(widget=forms.HiddenInput, initial=lambda: uuid.uuid4().hex)


class RedeemForm(forms.Form):
    """Redeem a grant at a provider (the firm, or the provider in direct mode)."""

    provider = forms.CharField(label=_("Provider code"), max_length=40)
    price = forms.IntegerField(label=_("Price (fen)"), min_value=1)
    service_kind = forms.CharField(label=_("Service kind"), max_length=40)
    evidence = forms.CharField(label=_("Delivery evidence (booking:<id>, milestone:<id>)"),
                               max_length=80)
    mode = forms.ChoiceField(label=_("Mode"), choices=[(m, _(m)) for m in MODES])
    key = forms.CharField(widget=forms.HiddenInput, initial=lambda: uuid.uuid4().hex)


class ClawbackForm(forms.Form):
    """Claw back a redemption (programme officers)."""

    reason = forms.CharField(label=_("Reason"), max_length=500)
