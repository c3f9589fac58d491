"""Validation of catalog input from every channel (API, forms, CSV/JSON files).

:func:`clean_item` and :func:`clean_demand` take plain dicts (strings from a CSV
file are accepted where a list or number is expected) and return model field
values, or raise :class:`ValidationFailed` listing every bad field.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from django.utils import timezone
from django.utils.translation import gettext
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from innofield.core.errors import FieldError, ValidationFailed
from innofield.core.money import MoneyError, parse_yuan
from innofield.core.schemas import MAX_FEN, MAX_JSON_DEPTH, JsonObject, WriteSchema
from innofield.registry.models import Organization, Region

from .kinds import DEMAND_KINDS, ITEM_KINDS, TRL_KINDS

MAX_TEXT = 20_000
#: The latest deadline a demand may name.
LAST_DEADLINE = dt.date(2199, 12, 31)
#: Prices and budgets in integer fen, zero or more: a JSON integer, or digits in a file cell.
FenInput = Annotated[int, Field(strict=True, ge=0, le=MAX_FEN)]
#: The yuan columns files may still carry instead of the fen ones (``price``, ``budget``).
YUAN_COLUMNS = {"price": "price_fen", "budget": "budget_fen"}


def parse_json_text(text: str) -> Any:
    """JSON from a file cell or body, as a ``ValueError`` with a readable reason if it is not
    JSON or is nested too deeply for the parser (``RecursionError``)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at character {exc.pos})") from None
    except RecursionError:
        raise ValueError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep") from None


def _split_list(value: Any) -> Any:
    """Accept ``"a; b"`` (CSV cells) as well as JSON lists."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return parse_json_text(text)
        return [part.strip() for part in text.split(";") if part.strip()]
    return value


def _json_object(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        return parse_json_text(text) if text else {}
    return value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _fen_cell(value: Any) -> Any:
    """Blank → ``None``; a file cell of digits (``"12550"``) → its integer; else unchanged."""
    value = _blank_to_none(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
        if not text.isascii() or not text.isdigit():
            raise ValueError(f"{value[:40]!r} is not a whole number of fen, e.g. 125050")
        return int(text)
    return value


def yuan_columns_to_fen(record: dict[str, Any]) -> dict[str, Any]:
    """A file record with ``price``/``budget`` in yuan (the columns before fen) converted to
    ``price_fen``/``budget_fen``; :class:`ValidationFailed` naming the column if it is not an
    amount of yuan or contradicts the fen column given with it."""
    out = dict(record)
    for yuan, fen in YUAN_COLUMNS.items():
        if yuan not in out:
            continue
        text = out.pop(yuan)
        if text is None or (isinstance(text, str) and not text.strip()):
            continue
        try:
            amount = parse_yuan(text)
        except MoneyError as exc:
            raise ValidationFailed.single(yuan, f"{exc} (yuan; or give {fen})") from None
        if amount < 0:
            raise ValidationFailed.single(yuan, "must not be negative")
        given = out.get(fen)
        if given not in (None, "") and _fen_cell(given) != amount:
            raise ValidationFailed.single(yuan, f"says {text} yuan but {fen} says {given} fen")
        out[fen] = amount
    return out


class _Common(WriteSchema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: str
    title: str = Field(min_length=3, max_length=300)
    description: str = Field(default="", max_length=MAX_TEXT)
    keywords: list[str] = Field(default_factory=list, max_length=50)
    classification: list[str] = Field(default_factory=list, max_length=50)
    owner: str = Field(min_length=1, max_length=40, description="organization code")
    region: str | None = Field(default=None, description="region code; default: owner's region")
    details: JsonObject = Field(default_factory=dict)
    external_id: str = Field(default="", max_length=100)
    synthetic: bool = False

    _lists = field_validator("keywords", "classification", mode="before")(_split_list)
    _details = field_validator("details", mode="before")(_json_object)
    _region = field_validator("region", mode="before")(_blank_to_none)


def _kind_in(kinds: dict[str, Any]) -> Any:
    def check(value: Any) -> Any:
        if value not in kinds:
            raise ValueError(f"unknown kind {value!r}; expected one of {', '.join(kinds)}")
        return value

    return field_validator("kind", mode="before")(check)


class ItemInput(_Common):
    """Everything needed to create or replace a catalog item."""

    _kind = _kind_in(ITEM_KINDS)

    price_fen: FenInput | None = None
    price_unit: str = Field(default="", max_length=30)
    terms: str = Field(default="", max_length=MAX_TEXT)
    status: Literal["draft", "active"] = "active"
    trl: int | None = Field(default=None, ge=1, le=9)
    source: str = Field(default="", max_length=200)

    _numbers = field_validator("trl", mode="before")(_blank_to_none)
    _fen = field_validator("price_fen", mode="before")(_fen_cell)


class DemandInput(_Common):
    """Everything needed to create or replace a demand."""

    _kind = _kind_in(DEMAND_KINDS)

    budget_fen: FenInput | None = None
    deadline: dt.date | None = None
    preferred_regions: list[str] = Field(default_factory=list, max_length=40)
    status: Literal["draft", "open"] = "open"

    _numbers = field_validator("deadline", mode="before")(_blank_to_none)
    _fen = field_validator("budget_fen", mode="before")(_fen_cell)
    _prefs = field_validator("preferred_regions", mode="before")(_split_list)


def field_errors(exc: ValidationError, prefix: str = "") -> list[FieldError]:
    """Pydantic errors as :class:`FieldError` (dotted field path, readable reason)."""
    out = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"])
        reason = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            reason = "unknown field"
        if not path and ": " in reason:  # a whole-record check names its field in the reason
            path, reason = reason.split(": ", 1)
            path = path.split(",")[0]
        out.append(FieldError(f"{prefix}{path}" if path else prefix.rstrip("."), reason))
    return out


def _validate(schema: type[_Common], data: dict[str, Any], kinds: dict[str, Any]) -> _Common:
    try:
        parsed = schema.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(field_errors(exc)) from None
    try:
        parsed.details = kinds[parsed.kind].model_validate(parsed.details).model_dump()
    except ValidationError as exc:
        raise ValidationFailed(field_errors(exc, "details.")) from None
    return parsed


def _resolve_places(parsed: _Common) -> tuple[Organization, Region]:
    owner = Organization.objects.filter(code=parsed.owner).select_related("region").first()
    if owner is None:
        raise ValidationFailed.single(
            "owner",
            gettext("no organization with code %(code)s") % {"code": repr(parsed.owner)},
        )
    if parsed.region is None:
        return owner, owner.region
    region = Region.objects.filter(code=parsed.region).first()
    if region is None:
        raise ValidationFailed.single(
            "region", gettext("no region with code %(code)s") % {"code": repr(parsed.region)}
        )
    return owner, region


def clean_item(data: dict[str, Any]) -> dict[str, Any]:
    """Validate item input; return field values for :class:`~innofield.catalog.models.Item`."""
    parsed = _validate(ItemInput, data, ITEM_KINDS)
    assert isinstance(parsed, ItemInput)
    if parsed.trl is not None and parsed.kind not in TRL_KINDS:
        raise ValidationFailed.single(
            "trl",
            gettext("a technology readiness level does not apply to kind %(kind)s")
            % {"kind": repr(parsed.kind)},
        )
    owner, region = _resolve_places(parsed)
    _check_co_owners(parsed.details, owner)
    values = parsed.model_dump(exclude={"owner", "region"})
    return {**values, "owner": owner, "region": region}


def _check_co_owners(details: dict[str, Any], owner: Organization) -> None:
    codes = [c["organization"] for c in details.get("co_owners") or []]
    known = set(Organization.objects.filter(code__in=codes).values_list("code", flat=True))
    for i, code in enumerate(codes):
        if code == owner.code:
            raise ValidationFailed.single(
                f"details.co_owners.{i}.organization",
                gettext("%(code)s is the owner, not a co-owner") % {"code": code},
            )
        if code not in known:
            raise ValidationFailed.single(
                f"details.co_owners.{i}.organization",
                gettext("no organization with code %(code)s") % {"code": repr(code)},
            )


def clean_demand(data: dict[str, Any], *, stored_deadline: dt.date | None = None) -> dict[str, Any]:
    """Validate demand input; return field values plus ``preferred_regions`` as regions.

    A deadline must lie between today and :data:`LAST_DEADLINE`; a demand being edited may
    keep its ``stored_deadline`` even once it has passed.
    """
    parsed = _validate(DemandInput, data, DEMAND_KINDS)
    assert isinstance(parsed, DemandInput)
    if parsed.deadline is not None and parsed.deadline != stored_deadline:
        if parsed.deadline < timezone.localdate():
            raise ValidationFailed.single(
                "deadline",
                gettext("%(date)s is in the past") % {"date": parsed.deadline.isoformat()},
            )
        if parsed.deadline > LAST_DEADLINE:
            raise ValidationFailed.single(
                "deadline",
                gettext("must be no later than %(date)s") % {"date": LAST_DEADLINE.isoformat()},
            )
    owner, region = _resolve_places(parsed)
    codes = list(dict.fromkeys(parsed.preferred_regions))
    regions = list(Region.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {r.code for r in regions})
    if missing:
        raise ValidationFailed.single(
            "preferred_regions",
            gettext("no region with code %(code)s") % {"code": ", ".join(map(repr, missing))},
        )
    values = parsed.model_dump(exclude={"owner", "region", "preferred_regions"})
    return {**values, "owner": owner, "region": region, "preferred_regions": regions}


def partial(model: type[BaseModel]) -> type[BaseModel]:
    """A variant of ``model`` with every field optional, for PATCH bodies."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        fields[name] = (info.annotation | None, None)  # type: ignore[operator]
    return create_model(  # type: ignore[call-overload, no-any-return]
        f"{model.__name__}Patch", __base__=WriteSchema, **fields
    )


ItemPatch = partial(ItemInput)
DemandPatch = partial(DemandInput)
