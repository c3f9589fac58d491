"""Forms of the computing pages; each cleans to what its action takes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.core.money import YuanField

from . import reference

RESOURCES = [
    ("gpu", _("GPU-hours")),
    ("cpu", _("CPU core-hours")),
    ("storage", _("Storage TB-days")),
]
RESIDENCY = [
    ("none", _("No rule: anywhere in the country")),
    ("province", _("The data stays in its province")),
    ("zone", _("The data stays in its economic zone")),
]
OBJECTIVES = [
    ("weighted", _("Money, carbon and latency equally")),
    ("cost", _("Money")),
    ("carbon", _("Carbon")),
    ("latency", _("Latency")),
]
WHEN = {"type": "datetime-local"}
MINUTES = "%Y-%m-%dT%H:%M"


def province_choices(zh: bool) -> list[tuple[str, str]]:
    """Provinces as (code, name) in the page's language."""
    return [(p.code, p.short_zh if zh else p.name_en) for p in reference.provinces().values()]


class OfferForm(forms.Form):
    """Capacity a provider publishes."""

    provider = forms.ChoiceField(label=_("Provider"))
    cluster = forms.ChoiceField(label=_("Cluster"))
    resource = forms.ChoiceField(label=_("Resource"), choices=RESOURCES)
    units_per_hour = forms.IntegerField(label=_("Units per hour"), min_value=1, max_value=1_000_000)
    price_fen = YuanField(label=_("Price per unit (yuan)"), min_fen=1)
    green_pct = forms.IntegerField(
        label=_("Green power (%)"), min_value=0, max_value=100, initial=0
    )
    starts_at = forms.DateTimeField(
        label=_("Available from"), widget=forms.DateTimeInput(WHEN, format=MINUTES)
    )
    ends_at = forms.DateTimeField(
        label=_("Available until"), widget=forms.DateTimeInput(WHEN, format=MINUTES)
    )
    offpeak_price_fen = YuanField(
        label=_("Off-peak price per unit (yuan)"),
        required=False,
        help_text=_("Optional: idle hours sold cheaper; at most the normal price."),
    )
    offpeak_start = forms.TimeField(
        label=_("Off-peak from (local time)"),
        required=False,
        widget=forms.TimeInput({"type": "time"}, format="%H:%M"),
    )
    offpeak_end = forms.TimeField(
        label=_("Off-peak until (local time)"),
        required=False,
        widget=forms.TimeInput({"type": "time"}, format="%H:%M"),
        help_text=_("Every day, Beijing time; may pass midnight, e.g. 23:00 until 07:00."),
    )

    def __init__(
        self,
        *args: Any,
        providers: list[tuple[str, str]],
        clusters: list[tuple[str, str]],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]
        self.fields["cluster"].choices = clusters  # type: ignore[attr-defined]


class JobForm(forms.Form):
    """A computing job a user submits for their organisation."""

    organization = forms.ChoiceField(label=_("Organisation"))
    title = forms.CharField(label=_("Title"), max_length=300)
    hardware = forms.ChoiceField(label=_("Hardware"), choices=RESOURCES)
    units = forms.IntegerField(
        label=_("Size (units)"),
        min_value=1,
        max_value=1_000_000,
        help_text=_("Run within one hour window: 40 GPU-hours means 40 GPUs for one hour."),
    )
    data_province = forms.ChoiceField(label=_("Where the data lies"))
    residency = forms.ChoiceField(label=_("Data residency"), choices=RESIDENCY)
    deadline = forms.DateTimeField(
        label=_("Deadline"), widget=forms.DateTimeInput(WHEN, format=MINUTES)
    )
    delay_tolerant = forms.BooleanField(
        label=_("May wait for a cheaper or greener hour"), required=False, initial=True
    )
    max_latency_ms = forms.IntegerField(
        label=_("Latency limit (ms, estimated)"), min_value=1, max_value=10_000, required=False
    )
    voucher = forms.ChoiceField(label=_("Computing voucher"), required=False)

    def __init__(
        self,
        *args: Any,
        organizations: list[tuple[str, str]],
        provinces: list[tuple[str, str]],
        vouchers: list[tuple[str, str]],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["organization"].choices = organizations  # type: ignore[attr-defined]
        self.fields["data_province"].choices = provinces  # type: ignore[attr-defined]
        self.fields["voucher"].choices = [("", _("No voucher")), *vouchers]  # type: ignore[attr-defined]


class RunForm(forms.Form):
    """Start an allocation run."""

    objective = forms.ChoiceField(label=_("Objective"), choices=OBJECTIVES)
    windows = forms.IntegerField(label=_("Hours ahead"), min_value=1, max_value=168, initial=24)
