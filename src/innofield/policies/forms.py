"""Forms of the policy pages; each cleans to what its action takes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innofield.core.countries import HOME
from innofield.registry.models import Organization, Region

from .metrics import METRICS


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


def _provinces() -> list[tuple[str, str]]:
    return [
        (r.code, str(r))
        for r in Region.objects.filter(
            Q(level="province") | Q(level="country", code=HOME)
        ).order_by("code")
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


def _outcomes() -> list[tuple[Any, Any]]:
    from innofield.stats.models import Indicator

    from .panels import PLATFORM
    from .run import YEARBOOK_NAMES

    stats = []
    for code, zh in Indicator.objects.order_by("code").values_list("code", "name_zh")[:2000]:
        en, named = YEARBOOK_NAMES.get(code, ("", zh if zh not in ("", "nan") else ""))
        stats.append((f"stats:{code}", f"{code} {named or en}".strip()))
    return [
        (_("Provinces by year: yearbook indicators"), stats),
        (
            _("Organisations by month: platform metrics"),
            [(k, m.label) for k, m in PLATFORM.items()],
        ),
        (_("Your own panel (CSV upload)"), [("panel", _("the uploaded panel"))]),
    ]


class EvaluationForm(forms.Form):
    """A new evaluation: who was treated when, the outcome and the design."""

    title = forms.CharField(label=_("Title"), max_length=300)
    unit_kind = forms.ChoiceField(
        label=_("Units"),
        choices=[
            ("province", _("provinces (years)")),
            ("organization", _("organisations (months)")),
        ],
    )
    outcome = forms.ChoiceField(label=_("Outcome"))
    log_outcome = forms.BooleanField(label=_("Use the logarithm of the outcome"), required=False)
    design = forms.ChoiceField(
        label=_("Design"),
        choices=[
            ("did", _("Callaway & Sant'Anna difference-in-differences")),
            ("twfe", _("two-way fixed effects")),
            ("synth", _("synthetic control (one treated unit)")),
            ("before_after", _("before/after with trend (one treated unit)")),
        ],
    )
    control = forms.ChoiceField(
        label=_("Comparison units"),
        choices=[("never", _("never treated")), ("notyet", _("not yet treated"))],
    )
    treated = forms.CharField(
        label=_("Treated units and adoption"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "320000 2015\n330000 2016"}),
        help_text=_("one a line: the unit's code and its first treated year or month (2025-03)"),
    )
    start = forms.CharField(label=_("From (year or month)"), max_length=7)
    end = forms.CharField(label=_("To (year or month)"), max_length=7)
    source_note = forms.CharField(
        label=_("Source of the adoption dates"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    outcome_label = forms.CharField(
        label=_("What the uploaded panel measures"), max_length=200, required=False
    )
    panel_file = forms.FileField(
        label=_("Panel CSV (unit,period,value)"),
        required=False,
        help_text=_("only with the outcome 'your own panel'; at most 2 MB"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _outcomes()
        field.initial = "stats:v4_cg_zlsq2_fm"  # invention patents granted, when loaded

    def clean_treated(self) -> list[dict[str, str]]:
        """``[{unit, adoption}]`` from the lines."""
        rows = []
        for n, line in enumerate(self.cleaned_data["treated"].splitlines(), 1):
            parts = line.replace(",", " ").split()
            if not parts:
                continue
            if len(parts) != 2:
                raise forms.ValidationError(
                    _("line %(n)d: write the code and the adoption period") % {"n": n}
                )
            rows.append({"unit": parts[0], "adoption": parts[1]})
        return rows

    def clean_panel_file(self) -> list[list[str]] | None:
        """The uploaded rows ``[unit, period, value]`` (header line skipped)."""
        import csv
        import io

        upload = self.cleaned_data.get("panel_file")
        if not upload:
            return None
        if upload.size > 2_000_000:
            raise forms.ValidationError(_("the file is larger than 2 MB"))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("the file is not UTF-8 text")) from exc
        rows = [r for r in csv.reader(io.StringIO(text)) if r]
        if rows and rows[0] and rows[0][-1].strip().lower() in ("value", "y", "outcome"):
            rows = rows[1:]
        return [[c.strip() for c in r] for r in rows]
