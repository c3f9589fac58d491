"""Forms of the policy pages; each cleans to what its action takes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.registry.models import Organization, Region

from .metrics import METRICS


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


def _provinces() -> list[tuple[str, str]]:
    return [
        (r.code, str(r))
        for r in Region.objects.filter(level__in=["country", "province"]).order_by("code")
    ]


class PolicyForm(forms.Form):
    """A new policy."""

    code = forms.RegexField(label=_("Code"), regex=r"^[A-Za-z0-9_.-]{1,40}$", max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    issuer = forms.ChoiceField(label=_("Issued by"))
    region = forms.ChoiceField(label=_("Region"))
    issued_on = forms.DateField(label=_("Issued on"), widget=_date_input())
    effective_from = forms.DateField(label=_("In force from"), widget=_date_input())
    effective_to = forms.DateField(label=_("In force until"), required=False, widget=_date_input())
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, issuers: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, options in (
            ("issuer", [(o.code, str(o)) for o in issuers]),
            ("region", _provinces()),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options


class MeasureForm(forms.Form):
    """A measure with the organisations responsible (codes, comma-separated)."""

    title = forms.CharField(label=_("Measure"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    responsible = forms.CharField(
        label=_("Responsible organisations (codes)"),
        required=False,
        help_text=_("comma-separated, e.g. GOV-JS, SKL-0001"),
    )

    def clean_responsible(self) -> list[Organization]:
        """The organisations named, each one existing."""
        codes = [c.strip() for c in self.cleaned_data["responsible"].split(",") if c.strip()]
        orgs = {o.code: o for o in Organization.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in orgs]
        if missing:
            raise forms.ValidationError(
                _("no organisation %(codes)s") % {"codes": ", ".join(missing)}
            )
        return [orgs[c] for c in codes]


class TargetForm(forms.Form):
    """A target bound to an indicator."""

    indicator = forms.ChoiceField(
        label=_("Indicator"), choices=[(k, m.label) for k, m in METRICS.items()]
    )
    region = forms.ChoiceField(label=_("Region"))
    baseline = forms.FloatField(label=_("Baseline"), required=False)
    target = forms.FloatField(label=_("Target"))
    due_on = forms.DateField(label=_("Reach by"), widget=_date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _provinces()


class TaskForm(forms.Form):
    """An implementation task."""

    title = forms.CharField(label=_("Task"), max_length=300)
    responsible = forms.CharField(label=_("Responsible organisation (code)"), max_length=80)
    deadline = forms.DateField(label=_("Deadline"), widget=_date_input())

    def clean_responsible(self) -> Organization:
        """The organisation named."""
        code = self.cleaned_data["responsible"].strip()
        org = Organization.objects.filter(code=code).first()
        if org is None:
            raise forms.ValidationError(_("no organisation %(code)s") % {"code": code})
        return org


class ReportForm(forms.Form):
    """What shows that a task is done."""

    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
