"""Forms of the catalog pages. Validation is done by the actions; forms only collect input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.core.money import YuanField
from innofield.registry.models import Organization

from . import detail_fields
from .kinds import DEMAND_KINDS, ITEM_KINDS


class ItemForm(forms.Form):
    """Create or edit a catalog item."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[(k, _(k)) for k in ITEM_KINDS])
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    keywords = forms.CharField(label=_("Keywords (separated by ;)"), required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=Organization.objects.none(), to_field_name="code"
    )
    price = YuanField(label=_("Price"), required=False)
    price_unit = forms.CharField(label=_("Price unit"), required=False, max_length=30)
    trl = forms.IntegerField(label=_("Technology readiness level (1–9)"), required=False)
    terms = forms.CharField(
        label=_("Terms"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            owners if owners is not None else Organization.objects.none()
        )  # type: ignore[attr-defined]
        for kind, schema in ITEM_KINDS.items():  # the details, one fieldset per kind
            self.fields.update(detail_fields.kind_fields(kind, schema))

    def common_fields(self) -> list[Any]:
        """The bound fields every kind has (the page's first part)."""
        return [self[name] for name in self.fields if not name.startswith("d_")]

    def kind_fieldsets(self) -> list[tuple[str, list[Any]]]:
        """``(kind, bound detail fields)`` per kind, for the page's fieldsets."""
        return [
            (kind, [self[name] for name in self.fields if name.startswith(f"d_{kind}_")])
            for kind in ITEM_KINDS
        ]

    def detail_field(self, path: str) -> str | None:
        """The form field of an error's path (``details.area_m2``), if the form has one."""
        kind = self.data.get("kind") or self.initial.get("kind")
        name = f"d_{kind}_{path.split('.')[1]}" if path.startswith("details.") else ""
        return name if name in self.fields else None

    def to_input(self) -> dict[str, Any]:
        """The cleaned form data as action input (the chosen kind's details only)."""
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("d_")}
        data["owner"] = data["owner"].code
        kind = data["kind"]
        data["details"] = detail_fields.collect(kind, ITEM_KINDS[kind], self.cleaned_data)
        data["price_fen"] = data.pop("price")
        return {k: v for k, v in data.items() if v not in (None, "")}

    @staticmethod
    def initial_from(item: Any) -> dict[str, Any]:
        """Initial form values for an existing item."""
        return {
            "kind": item.kind,
            "title": item.title,
            "description": item.description,
            "keywords": "; ".join(item.keywords),
            "owner": item.owner.code,
            "price": item.price_fen,
            "price_unit": item.price_unit,
            "trl": item.trl,
            "terms": item.terms,
            **detail_fields.initial(item.kind, item.details),
        }


class DemandForm(forms.Form):
    """Publish a demand."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[(k, _(k)) for k in DEMAND_KINDS])
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=Organization.objects.none(), to_field_name="code"
    )
    budget = YuanField(label=_("Budget (CNY)"), required=False)
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            owners if owners is not None else Organization.objects.none()
        )  # type: ignore[attr-defined]

    def to_input(self) -> dict[str, Any]:
        """The cleaned form data as action input."""
        data = dict(self.cleaned_data)
        data["owner"] = data["owner"].code
        data["budget_fen"] = data.pop("budget")
        return {k: v for k, v in data.items() if v not in (None, "")}


class ImportForm(forms.Form):
    """Upload a CSV or JSON file of items or demands (the export format)."""

    file = forms.FileField(label=_("File (.csv or .json)"))
    target = forms.ChoiceField(
        label=_("The file holds"),
        choices=[("items", _("items")), ("demands", _("demands"))],
        initial="items",
    )
    skip_bad = forms.BooleanField(
        label=_("Import the good rows and report the bad ones (otherwise all or nothing)"),
        required=False,
    )
