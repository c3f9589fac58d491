"""Form fields for the kind-specific details of catalog items, generated from the kind
schemas in :mod:`.kinds` (pydantic models), so the item form asks for "Area (m²)" or
"IP status" instead of a raw JSON box.

Each kind's fields are named ``d_<kind>_<field>`` so one form carries every kind (the
page shows the fieldset of the chosen kind). A free text answers ``str``; whole and
decimal numbers answer ``int`` / ``float`` with the schema's bounds; a choice of fixed
values (``Literal``) is a select, a list of them a set of check boxes; a list of texts
is one line separated by ";"; co-owners are "CODE:share" pairs separated by ";". The
schema still validates what is sent (the actions call it), and its errors name the
field (``details.area_m2``), which the page puts on the field.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal

from django import forms
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .kinds import CoOwner

SKIPPED = {"synthetic_fields", "person_id"}  # set by the platform, not typed on a form
SEPARATOR = ";"

#: Labels of the detail fields (the schema's own names otherwise).
LABELS: dict[str, Any] = {
    "ip_status": _("IP status"),
    "patent_numbers": _("Patent numbers (separated by ;)"),
    "trade_modes": _("Trade modes"),
    "field": _("Field"),
    "doi": _("DOI"),
    "co_owners": _("Co-owners (CODE:share, separated by ;)"),
    "category": _("Category"),
    "manufacturer": _("Manufacturer"),
    "model": _("Model"),
    "purchase_year": _("Purchase year"),
    "value_cny": _("Value (CNY)"),
    "location": _("Location"),
    "capabilities": _("Capabilities (separated by ;)"),
    "service_type": _("Service type"),
    "turnaround_days": _("Turnaround (days)"),
    "accreditation": _("Accreditation (separated by ;)"),
    "fields": _("Fields (separated by ;)"),
    "hours_per_month": _("Hours per month"),
    "cpu_cores": _("CPU cores"),
    "gpus": _("GPUs"),
    "gpu_model": _("GPU model"),
    "storage_tb": _("Storage (TB)"),
    "pue": _("Power usage effectiveness (PUE)"),
    "green_power_share": _("Share of green power (0–1)"),
    "security_level": _("Security level (1–5)"),
    "product_type": _("Product type"),
    "amount_min_cny": _("Smallest amount (CNY)"),
    "amount_max_cny": _("Largest amount (CNY)"),
    "annual_rate": _("Annual rate (0–1)"),
    "space_type": _("Space type"),
    "area_m2": _("Area (m²)"),
    "records": _("Records"),
    "format": _("Format"),
    "licence": _("Licence"),
    "access": _("Access"),
}


def _bounds(info: FieldInfo) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for rule in info.metadata:
        for name, key in (("ge", "min_value"), ("le", "max_value"), ("gt", "min_value")):
            value = getattr(rule, name, None)
            if value is not None:
                out[key] = value
    return out


def _plain(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``| None``, and whether None was allowed."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), True
    return annotation, False


def _choices(values: tuple[Any, ...]) -> list[tuple[str, Any]]:
    return [(str(v), _(str(v))) for v in values]  # noqa: INT001 (schema values, in vocabulary)


def form_field(name: str, info: FieldInfo) -> forms.Field | None:
    """The form field for one schema field (None: not asked on the form)."""
    if name in SKIPPED:
        return None
    annotation, _optional = _plain(info.annotation)
    label = LABELS.get(name, name.replace("_", " "))
    required = info.is_required()
    origin = typing.get_origin(annotation)
    if origin is Literal:
        choices = _choices(typing.get_args(annotation))
        if not required:
            choices = [("", "—"), *choices]
        return forms.ChoiceField(label=label, choices=choices, required=required)
    if origin is list:
        (inner,) = typing.get_args(annotation)
        if typing.get_origin(inner) is Literal:
            return forms.MultipleChoiceField(
                label=label,
                choices=_choices(typing.get_args(inner)),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        return forms.CharField(label=label, required=False)
    if annotation is int:
        return forms.IntegerField(label=label, required=required, **_bounds(info))
    if annotation is float:
        return forms.FloatField(label=label, required=required, **_bounds(info))
    return forms.CharField(label=label, required=required)


def kind_fields(kind: str, schema: type[BaseModel]) -> dict[str, forms.Field]:
    """``{d_<kind>_<field>: form field}`` for one kind. Required only when the kind is
    chosen, so every field is optional in the form; the schema enforces the rest."""
    out = {}
    for name, info in schema.model_fields.items():
        field = form_field(name, info)
        if field is not None:
            field.required = False
            field.widget.attrs["data-required"] = "1" if info.is_required() else ""
            out[f"d_{kind}_{name}"] = field
    return out


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(SEPARATOR) if p.strip()]


def _co_owners(text: str) -> list[dict[str, str]]:
    out = []
    for pair in _split(text):
        code, _colon, share = pair.partition(":")
        out.append({"organization": code.strip(), "share": share.strip()})
    return out


def collect(kind: str, schema: type[BaseModel], cleaned: dict[str, Any]) -> dict[str, Any]:
    """The details of ``kind`` from a form's cleaned data (empty answers left out)."""
    details: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        key = f"d_{kind}_{name}"
        if key not in cleaned:
            continue
        value = cleaned[key]
        if value in (None, "", []):
            continue
        annotation, _optional = _plain(info.annotation)
        if typing.get_origin(annotation) is list and isinstance(value, str):
            (inner,) = typing.get_args(annotation)
            value = _co_owners(value) if inner is CoOwner else _split(value)
        details[name] = value
    return details


def initial(kind: str, details: dict[str, Any]) -> dict[str, Any]:
    """Form initial values for stored ``details`` of ``kind``."""
    out = {}
    for name, value in (details or {}).items():
        if name in SKIPPED or value in (None, "", []):
            continue
        if name == "co_owners":
            value = "; ".join(f"{c['organization']}:{c['share']}" for c in value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = value if _is_choice_list(kind, name) else "; ".join(value)
        out[f"d_{kind}_{name}"] = value
    return out


def _is_choice_list(kind: str, name: str) -> bool:
    from .kinds import ITEM_KINDS

    info = ITEM_KINDS[kind].model_fields.get(name)
    if info is None:
        return False
    annotation, _optional = _plain(info.annotation)
    args = typing.get_args(annotation)
    return typing.get_origin(annotation) is list and typing.get_origin(args[0]) is Literal
