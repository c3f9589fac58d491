"""The programme officer's page to create a voucher programme: terms in yuan and percent,
cleaned by a form and decided by :func:`~.actions.create_programme`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from innofield.catalog.kinds import ITEM_KINDS
from innofield.core.errors import InnofieldError, ValidationFailed, shown
from innofield.core.money import YuanField
from innofield.core.permissions import is_platform_admin, organization_ids
from innofield.registry.models import Organization, Region

from . import actions, rules

SERVICE_KINDS = [("testing", _l("testing")), *[(k, _l(k)) for k in ITEM_KINDS]]
MODE_LABELS = {
    "reimburse": _l("firm pays, voucher reimburses it"),
    "direct": _l("voucher pays the provider directly"),
}


def _provinces() -> list[tuple[str, str]]:
    return [(r.code, str(r)) for r in Region.objects.filter(level="province").order_by("code")]


class ProgrammeForm(forms.Form):
    """A programme's name, budget and rules; money in yuan, co-funding in percent."""

    code = forms.RegexField(
        label=_l("Code"),
        regex=r"^[A-Za-z0-9_.:-]{1,40}$",
        max_length=40,
        help_text=_l("letters, digits and _ . : - ; e.g. JS-2027"),
    )
    name = forms.CharField(label=_l("Name"), max_length=200)
    officer_org = forms.ChoiceField(label=_l("Run by"))
    issuer_region = forms.ChoiceField(label=_l("Issuing province"))
    budget = YuanField(label=_l("Budget"), min_fen=1)
    co_funding_percent = forms.DecimalField(
        label=_l("Voucher share of the price (%)"), min_value=0.01, max_value=100, decimal_places=2
    )
    cap_per_firm_year = YuanField(label=_l("Cap per firm and year"), min_fen=1)
    max_per_contract = YuanField(label=_l("Cap per contract"), required=False)
    split_window_days = forms.IntegerField(
        label=_l("Contract-splitting window (days)"),
        min_value=0,
        max_value=rules.MAX_WINDOW_DAYS,
        initial=30,
    )
    valid_from = forms.DateField(
        label=_l("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_l("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    eligible_org_types = forms.MultipleChoiceField(
        label=_l("Eligible firms"),
        choices=Organization.Type.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l("none ticked: any type"),
    )
    max_employees = forms.IntegerField(
        label=_l("At most this many employees"), min_value=1, required=False
    )
    eligible_regions = forms.MultipleChoiceField(
        label=_l("Firms from"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_l("none selected: the issuing province"),
    )
    provider_regions = forms.MultipleChoiceField(
        label=_l("Providers from"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_l("none selected: anywhere"),
    )
    service_kinds = forms.MultipleChoiceField(
        label=_l("Services covered"),
        choices=SERVICE_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l("none ticked: any service"),
    )
    modes = forms.MultipleChoiceField(
        label=_l("Payment modes"),
        choices=list(MODE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=list(rules.MODES),
    )

    def __init__(self, *args: Any, officer_orgs: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provinces = _provinces()
        choices = {
            "officer_org": [(o.code, str(o)) for o in officer_orgs],
            "issuer_region": provinces,
            "eligible_regions": provinces,
            "provider_regions": provinces,
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options

    def action_arguments(self) -> dict[str, Any]:
        """The cleaned values as :func:`~.actions.create_programme` takes them."""
        d = dict(self.cleaned_data)
        d["officer_org"] = Organization.objects.get(code=d["officer_org"])
        d["issuer_region"] = Region.objects.get(code=d["issuer_region"])
        d["co_funding_bp"] = int(d.pop("co_funding_percent") * 100)
        return d


def _officer_orgs(user: Any) -> list[Organization]:
    qs = Organization.objects.order_by("code")
    if is_platform_admin(user):
        return list(qs.filter(type="government"))
    return list(qs.filter(pk__in=organization_ids(user, "pay"), type="government"))


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    """Create a voucher programme (programme officers of a government organisation)."""
    orgs = _officer_orgs(request.user)
    if not orgs:
        messages.error(
            request,
            _("Only programme officers of a government organisation create voucher programmes."),
        )
        return redirect("vouchers")
    form = ProgrammeForm(request.POST or None, officer_orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            programme = actions.create_programme(actor=request.user, **form.action_arguments())
        except InnofieldError as exc:
            if isinstance(exc, ValidationFailed):
                for e in exc.errors:
                    field = "co_funding_percent" if e.field == "co_funding_bp" else e.field
                    form.add_error(field if field in form.fields else None, e.reason)
            else:
                form.add_error(None, shown(exc))
        else:
            messages.success(request, _("Programme %(code)s created.") % {"code": programme.code})
            return redirect("voucher-programme", code=programme.code)
    return render(request, "vouchers/programme_new.html", {"form": form})
